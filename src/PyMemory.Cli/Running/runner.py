# pymem's runner: runs a script as `python SCRIPT ARGS` would, in the real __main__ module, in steps that pymem calls
# from .NET (prepare, run, finish) so that budgets and fault injection cover only the script: not its compilation,
# not the traceback's printing, not the report.
# It lives in a module of its own (_pymem_runner) so that __main__ holds only what the script defines.
import sys

_code = None
_outcome = None  # see outcome()
_raised = None   # what the script raised, until finish() reports it
_keep = None     # the exception, kept (with its traceback, frames and the script's locals) until the report is read


def prepare(path, args):
    """Reads and compiles the script and sets up sys.argv, sys.path and __main__ as python does. A script that cannot
    be read or compiled is reported as python reports it, and its outcome is set (run() is then not called)."""
    global _code
    import os
    main = sys.modules["__main__"]
    full = os.path.abspath(path)  # python 3.9+ gives the main script's code and __file__ its absolute path
    try:
        with open(full, "rb") as f:  # bytes: compile() honours the script's coding cookie, as python does
            source = f.read()
        _code = compile(source, full, "exec", dont_inherit=True)
    except BaseException as e:  # noqa: B902 - SyntaxError, OSError: shown without this frame, as python does
        _failed(e, None)
        return
    sys.argv = [path] + list(args)
    sys.path.insert(0, os.path.dirname(full))
    main.__dict__.update({"__file__": full, "__cached__": None, "__package__": None, "__spec__": None})


def run():
    """Runs the compiled script; never raises (what the script raised is kept for finish())."""
    global _raised
    main = sys.modules["__main__"]
    try:
        exec(_code, main.__dict__)
    except BaseException as e:  # noqa: B902 - everything the script raised is reported, as python does
        # drop this function's frame from the traceback: python shows the script's frames only
        e.__traceback__ = e.__traceback__.tb_next if e.__traceback__ is not None else None
        _raised = e
    try:
        _wait_for_threads()
    except BaseException as e:  # noqa: B902 - Ctrl+C while waiting for them
        if _raised is None:
            _raised = e


def finish():
    """Decides the outcome and shows what the script raised, as python does. Called once the budget and the fault
    injection are off again, so that printing the traceback is never refused memory."""
    global _outcome
    e = _raised
    if e is None:
        _outcome = ["completed", "0", "", ""]
    elif isinstance(e, SystemExit):
        _outcome = ["completed", str(_exit_code(e)), "", ""]
    else:
        _failed(e, e.__traceback__)
    _flush()


def outcome():
    """The outcome as pymem reads it: [kind, exit code, traceback text, exception type name], all strings ("" when
    there is none); None before prepare or run decided it."""
    return _outcome


def _failed(e, tb):
    global _outcome, _keep
    _keep = e
    e.__traceback__ = tb
    try:
        import traceback
        text = "".join(traceback.format_exception(type(e), e, tb))
    except BaseException:  # noqa: B902 - out of memory while formatting: report the type at least
        text = type(e).__name__ + "\n"
    try:
        sys.excepthook(type(e), e, tb)
    except BaseException:  # noqa: B902
        try:
            sys.__stderr__.write(text)
        except BaseException:  # noqa: B902
            pass
    interrupted = isinstance(e, KeyboardInterrupt)
    _outcome = ["interrupted" if interrupted else "error", "130" if interrupted else "1", text, type(e).__name__]
    _flush()


def _exit_code(e):
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF  # what the process's exit status keeps of it, as under python
    # python prints any other value to stderr and exits 1
    try:
        sys.stderr.write(str(code) + "\n")
    except BaseException:  # noqa: B902
        pass
    return 1


def _wait_for_threads():
    # python waits for the threads that are not daemons before it exits; so does the script's run here, so that the
    # figures read when it returned include their work.
    threading = sys.modules.get("threading")
    if threading is None:
        return
    me = threading.current_thread()
    for t in threading.enumerate():
        if t is not me and not t.daemon:
            t.join()


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BaseException:  # noqa: B902
            pass
