using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// One Python run that a token or a timeout may cancel (docs/cancellation.md), and the one place that runs such a run:
/// <see cref="Run"/>. The run's state changes only under the GIL, on its own thread (going, then finished) or on the
/// canceller's (interrupted), so an interruption can never land after the run finished: one that arrives later finds
/// it finished and does nothing, and one asked for during the run but not yet raised when the code returned is flushed
/// before the GIL is given up.
/// </summary>
internal sealed unsafe class CancellableRun
{
    private const int ReasonNone = 0;
    private const int ReasonToken = 1;
    private const int ReasonTimeout = 2;

    // The innermost cancellable run on this thread: Python code of one run can call .NET code that starts another.
    [ThreadStatic]
    private static CancellableRun? t_innermost;

    private readonly CULong _threadId;
    private readonly CancellationToken _token;
    private readonly TimeSpan _timeout;
    private readonly CancellableRun? _outer;
    private int _reason;
    private volatile bool _finished;
    private volatile bool _interrupted;

    private CancellableRun(CULong threadId, TimeSpan timeout, CancellableRun? outer, CancellationToken token)
    {
        _threadId = threadId;
        _token = token;
        _timeout = timeout;
        _outer = outer;
    }

    /// <summary>Lets a test act right after the run's code returned and before the run is marked finished (to make an
    /// interruption arrive in that window on purpose).</summary>
    internal static Action<CancellableRun, PythonApi>? AfterCodeReturnedForTests { get; set; }

    /// <summary>True once the run's code returned (terminal).</summary>
    public bool IsFinished => _finished;

    /// <summary>Checks a timeout argument: positive, zero (time out before running) or infinite.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (and not infinite) or
    /// longer than <see cref="int.MaxValue"/> milliseconds.</exception>
    public static void CheckTimeout(TimeSpan timeout, string parameterName)
    {
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(parameterName, timeout,
                "The timeout must be zero or positive (at most int.MaxValue milliseconds), or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>Runs <paramref name="call"/> (a CPython call that returns a new reference or NULL with an error set)
    /// on this thread, which holds the GIL, interrupting it when <paramref name="token"/> is cancelled or
    /// <paramref name="timeout"/> passes.</summary>
    /// <returns>The call's result (a new reference, never zero).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled (before the run, or during
    /// it and the interruption ended it); the Python error is cleared.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed.</exception>
    /// <exception cref="PythonException">The call raised, not cancelled; or the exception class could not be created.</exception>
    public static nint Run(
        PythonApi api,
        delegate* managed<PythonApi, nint, nint, nint, nint> call,
        nint a,
        nint b,
        nint c,
        string whatFailed,
        TimeSpan timeout,
        CancellationToken token)
    {
        if (!token.CanBeCanceled && timeout == Timeout.InfiniteTimeSpan)
        {
            // Nothing can cancel it: the plain call, without a registration or the exception class.
            nint plain = call(api, a, b, c);
            return plain != 0 ? plain : throw PythonException.TakePending(api, whatFailed);
        }

        token.ThrowIfCancellationRequested();
        PythonInterrupt.EnsureCreated(api);
        var run = new CancellableRun(api.PyThread_get_thread_ident(), timeout, t_innermost, token);
        nint result = 0;
        bool ran = false;
        using (var timer = timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(timeout))
        {
            CancellationTokenRegistration byToken = default, byTimer = default;
            t_innermost = run;
            try
            {
                // The callbacks only queue the run (see PythonCanceller), so they may run anywhere, even here at once.
                byToken = token.UnsafeRegister(static state => ((CancellableRun)state!).Request(ReasonToken), run);
                if (timer is not null)
                {
                    byTimer = timer.Token.UnsafeRegister(static state => ((CancellableRun)state!).Request(ReasonTimeout), run);
                }

                if (Volatile.Read(ref run._reason) == ReasonNone)
                {
                    ran = true;
                    result = call(api, a, b, c);
                    AfterCodeReturnedForTests?.Invoke(run, api);
                }
            }
            finally
            {
                // Still under the GIL: from here on the canceller leaves this run alone.
                run._finished = true;
                t_innermost = run._outer;
                byToken.Dispose();
                byTimer.Dispose();
            }
        }

        return ran ? run.Settle(api, result, whatFailed) : throw run.Cancelled(null); // cancelled before it started
    }

    /// <summary>Asks the canceller to interrupt this run (first reason wins). Any thread; never blocks on Python.</summary>
    public void Request(int reason)
    {
        _ = Interlocked.CompareExchange(ref _reason, reason, ReasonNone);
        PythonCanceller.Request(this);
    }

    /// <summary>Asks this run's thread to raise <c>pymemory.Cancelled</c> if the run is still going. The caller (the
    /// canceller, or a test) holds the GIL, which the running thread also holds while it marks the run finished.</summary>
    public void InterruptUnderGil(PythonApi api)
    {
        if (_finished)
        {
            return;
        }

        PythonInterrupt.Raise(api, _threadId);
        _interrupted = true;
    }

    /// <summary>Turns the finished run's outcome into its result or exception. Called on the run's thread, GIL held.</summary>
    private nint Settle(PythonApi api, nint result, string whatFailed)
    {
        bool oursPending = result == 0 && api.PyErr_Occurred() == PythonInterrupt.Type;
        if (_interrupted)
        {
            PythonException? error = null;
            if (oursPending)
            {
                api.PyErr_Clear();
            }
            else if (result == 0)
            {
                error = PythonException.TakePending(api, whatFailed); // the code turned the interruption into this
            }

            // A later interruption may have been asked for after the first one was raised: make and clear it now.
            PythonInterrupt.Flush(api, _threadId);
            if (result != 0)
            {
                return result; // the code caught the interruption and finished its work: its result stands
            }

            throw Cancelled(error);
        }

        if (oursPending && Owner() is { } owner)
        {
            // An outer run's interruption surfaced in this inner run: end this one too, and let the canceller raise it
            // again in the outer run's code once this returns there.
            api.PyErr_Clear();
            owner.Request(owner._reason);
            throw owner.Cancelled(null);
        }

        return result != 0 ? result : throw PythonException.TakePending(api, whatFailed);
    }

    /// <summary>The nearest outer run on this thread that was interrupted, if any.</summary>
    private CancellableRun? Owner()
    {
        for (CancellableRun? run = _outer; run is not null; run = run._outer)
        {
            if (run._interrupted)
            {
                return run;
            }
        }

        return null;
    }

    private Exception Cancelled(PythonException? error)
    {
        if (_reason == ReasonTimeout && !_token.IsCancellationRequested)
        {
            return new TimeoutException(
                $"The Python code did not finish within {_timeout.TotalMilliseconds:0.###} ms and was interrupted.", error);
        }

        return new OperationCanceledException(
            error is null ? "The Python code was cancelled." : $"The Python code was cancelled; it ended with {error.PythonTypeName}.",
            error,
            _token);
    }
}
