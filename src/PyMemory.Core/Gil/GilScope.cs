using PyMemory.Interop;

namespace PyMemory;

/// <summary>
/// Holds the GIL on the current thread until disposed: <c>using var gil = GilScope.Enter();</c>.
/// Reentrant (a nested enter costs a few nanoseconds), usable on any thread, and composes with other hosts'
/// <c>PyGILState_Ensure</c>/<c>Release</c> (pythonnet's <c>Py.GIL()</c>): when another host already holds the GIL on
/// this thread, the scope borrows it and gives nothing back on exit.
/// </summary>
/// <remarks>
/// Dispose scopes on the thread that entered them, innermost first; a violation throws
/// <see cref="InvalidOperationException"/> and leaves the GIL as it was instead of corrupting CPython's state.
/// Disposing the same scope twice is harmless. Entering a scope also frees owners that were released without the
/// GIL (for example by the finalizer).
/// </remarks>
public readonly struct GilScope : IDisposable
{
    private readonly ThreadGilState? _owner;
    private readonly long _token;

    private GilScope(ThreadGilState owner, long token)
    {
        _owner = owner;
        _token = token;
    }

    /// <summary>True when the current thread holds the GIL, through a scope or another host; false once
    /// <see cref="PythonRuntime.Shutdown"/> has finalized the interpreter. Decided from this thread's own state, so
    /// it stays right after a subinterpreter has run (when CPython's <c>PyGILState_Check</c> answers 1 everywhere).
    /// Initializes Python on first use.</summary>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    public static bool IsHeld
    {
        get
        {
            if (PythonRuntime.TryGetLiveApi(out PythonApi? api))
            {
                return Gil.IsHeld(api, ThreadGilState.CurrentOrNull);
            }

            if (PythonRuntime.State is PythonRuntimeState.ShuttingDown or PythonRuntimeState.Finalized)
            {
                return false;
            }

            try
            {
                return Gil.IsHeld(PythonRuntime.Api, ThreadGilState.CurrentOrNull);
            }
            catch (InterpreterFinalizedException)
            {
                return false; // finalized meanwhile
            }
        }
    }

    /// <summary>Takes the GIL on the current thread (or notes that this thread already holds it).</summary>
    /// <returns>The scope; dispose it to give the GIL back.</returns>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="InvalidOperationException">The GIL is released by <see cref="AllowThreads"/> on this thread.</exception>
    public static GilScope Enter()
    {
        // Nested enter on a thread that holds the GIL through a scope: only a token push (kept small to be inlined).
        ThreadGilState? current = ThreadGilState.CurrentOrNull;
        if (current is { Depth: > 0, IsReleased: false } && PendingReleases.Count == 0 && PythonRuntime.IsRunning)
        {
            return new GilScope(current, current.Push());
        }

        return EnterSlow();
    }

    /// <summary>Enters a scope without freeing the queued releases on the way in, for
    /// <see cref="PythonRuntime.DrainPendingReleases"/>, which frees and counts them itself.</summary>
    internal static GilScope EnterWithoutDrain() => EnterSlow(drainQueue: false);

    private static GilScope EnterSlow() => EnterSlow(drainQueue: true);

    private static unsafe GilScope EnterSlow(bool drainQueue)
    {
        ThreadGilState thread = ThreadGilState.Current;
        bool outermost = thread.Depth == 0;
        if (outermost)
        {
            // Marked before the GIL is taken, so that Shutdown cannot finalize under this scope (see ThreadGilState).
            thread.EnterOutermost();
        }

        PythonApi api;
        try
        {
            api = PythonRuntime.Api;
            if (thread.IsReleased)
            {
                throw new InvalidOperationException(
                    "Cannot enter a GilScope while GilScope.AllowThreads has released the GIL on this thread; dispose the AllowThreads scope first.");
            }
        }
        catch
        {
            if (outermost)
            {
                thread.ExitOutermost();
            }

            throw;
        }

        if (!outermost)
        {
            // A nested enter that missed the fast path (something is queued): the GIL is held already.
        }
        else if (Gil.IsHeld(api, thread))
        {
            // Another host holds the GIL on this thread: borrow it. The first time, also take one Ensure count on
            // the host's thread state (cheap: the GIL is already held) so that the host's outermost
            // PyGILState_Release no longer deletes it; this thread then keeps one state, as for every thread.
            if (thread.ThreadState == 0)
            {
                _ = api.PyGILState_Ensure();
                thread.ThreadState = api.PyGILState_GetThisThreadState();
            }

            thread.AcquiredGil = false;
        }
        else
        {
            // Only here does a scope wait for another thread to give the GIL up: the pymemory.gil.wait.duration
            // histogram measures this (and nothing when no listener is enabled for it).
            long waitStarted = Diagnostics.PyMemoryMetrics.GilWaitStarting();
            if (thread.ThreadState == 0)
            {
                // The Ensure count is never released: it keeps this thread's state alive (see ThreadGilState).
                _ = api.PyGILState_Ensure();
                thread.ThreadState = api.PyGILState_GetThisThreadState();
            }
            else
            {
                api.PyEval_RestoreThread(thread.ThreadState);
            }

            Diagnostics.PyMemoryMetrics.GilWaitEnded(waitStarted);
            thread.AcquiredGil = true;
        }

        long token = thread.Push();
        if (drainQueue && PendingReleases.Count > 0)
        {
            _ = PendingReleases.Drain(api);
        }

        return new GilScope(thread, token);
    }

    /// <summary>
    /// Releases the GIL around long .NET work inside a scope (CPython's <c>Py_BEGIN_ALLOW_THREADS</c>); disposing the
    /// result takes it back. Python-domain calls on this thread throw <see cref="GilRequiredException"/> meanwhile.
    /// </summary>
    /// <returns>The released-GIL scope.</returns>
    /// <exception cref="GilRequiredException">This thread is not inside a <see cref="GilScope"/>.</exception>
    /// <exception cref="InvalidOperationException">The GIL is already released on this thread.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static unsafe AllowThreadsScope AllowThreads()
    {
        PythonApi api = PythonRuntime.Api;
        ThreadGilState? thread = ThreadGilState.CurrentOrNull;
        if (thread is null || thread.Depth == 0)
        {
            throw new GilRequiredException("GilScope.AllowThreads");
        }

        if (thread.IsReleased)
        {
            throw new InvalidOperationException("The GIL is already released by GilScope.AllowThreads on this thread.");
        }

        thread.ReleasedThreadState = api.PyEval_SaveThread();
        return new AllowThreadsScope(thread, thread.Depth);
    }

    /// <summary>Gives the GIL back if this scope took it. Harmless on a scope already disposed.</summary>
    /// <exception cref="InvalidOperationException">Disposed on another thread than the one that entered it, out of
    /// order (an inner scope is still open), or while <see cref="AllowThreads"/> has the GIL released.</exception>
    public void Dispose()
    {
        // Nested dispose, innermost first, on the owning thread: only a token pop (kept small to be inlined).
        ThreadGilState? owner = _owner;
        if (owner is { Depth: > 1, IsReleased: false } && owner.IsTop(_token) && ReferenceEquals(ThreadGilState.CurrentOrNull, owner))
        {
            owner.Pop();
            return;
        }

        DisposeSlow();
    }

    private unsafe void DisposeSlow()
    {
        if (_owner is null)
        {
            return;
        }

        ThreadGilState? thread = ThreadGilState.CurrentOrNull;
        if (!ReferenceEquals(thread, _owner))
        {
            throw new InvalidOperationException(
                $"A GilScope entered on managed thread {_owner.ManagedThreadId} was disposed on thread {Environment.CurrentManagedThreadId}; " +
                "a scope must be disposed on the thread that entered it. The GIL was left as it was.");
        }

        if (!_owner.IsTop(_token))
        {
            // The common case (innermost scope) is settled above without searching the stack.
            if (!_owner.Contains(_token))
            {
                return; // already disposed
            }

            throw new InvalidOperationException("GilScopes were disposed out of order: an inner scope is still open. Dispose the innermost scope first.");
        }

        if (_owner.IsReleased)
        {
            throw new InvalidOperationException("A GilScope was disposed while GilScope.AllowThreads has the GIL released; dispose the AllowThreads scope first.");
        }

        _owner.Pop();
        if (_owner.Depth > 0)
        {
            return;
        }

        // Outermost exit: give the GIL back if this scope took it. Shutdown does not finalize while this scope is
        // counted, so the live API is there; the check only guards against a finalized interpreter all the same.
        if (_owner.AcquiredGil && PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            if (PendingReleases.Count > 0)
            {
                _ = PendingReleases.Drain(api);
            }

            _ = api.PyEval_SaveThread();
        }

        _owner.AcquiredGil = false;
        _owner.ExitOutermost();
    }
}
