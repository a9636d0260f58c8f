namespace PyMemory.Hosting;

/// <summary>
/// The interpreter as the host runs it (registered by <c>services.AddPyMemory()</c>): whether and how it started, and a
/// task to await before using Python from code that may run before the host has started.
/// </summary>
/// <remarks>
/// The hosted service starts Python in <c>IHostedLifecycleService.StartingAsync</c>, before any hosted service's
/// <c>StartAsync</c> and before the web server takes requests, so code running from there on needs no waiting. Code that
/// can run earlier (a constructor, a thread started while the host is being built) awaits <see cref="Started"/>: while
/// the start is in progress, using Python on another thread throws <see cref="InvalidOperationException"/> instead of
/// starting it on a thread that could never shut it down.
/// </remarks>
public sealed class PyMemoryHostedRuntime
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _ownsInterpreter;
    private int _interpreterThreadId;

    internal PyMemoryHostedRuntime()
    {
    }

    /// <summary>Completes once Python is running for the host (started by the hosted service, or already running when
    /// the host started); faults with the start's exception when it failed; canceled when the host stopped without
    /// having started it.</summary>
    public Task Started => _started.Task;

    /// <summary>True once <see cref="Started"/> has completed successfully.</summary>
    public bool IsStarted => _started.Task.IsCompletedSuccessfully;

    /// <summary>True when the hosted service started the interpreter, and so finalizes it when the host stops. False
    /// when Python was already running when the host started (started by other code of this process, which then owns
    /// its shutdown, or by another host such as pythonnet, which PyMemory never finalizes), and before the start.</summary>
    public bool OwnsInterpreter => _ownsInterpreter;

    /// <summary>The managed thread id of the hosted service's interpreter thread, which initialized Python and runs
    /// <see cref="PythonRuntime.Shutdown"/>; 0 when the hosted service did not start Python.</summary>
    public int InterpreterThreadId => Volatile.Read(ref _interpreterThreadId);

    internal void SetStarted(bool ownsInterpreter, int threadId)
    {
        _ownsInterpreter = ownsInterpreter;
        Volatile.Write(ref _interpreterThreadId, threadId);
        _started.TrySetResult();
    }

    internal void SetFailed(Exception exception) => _started.TrySetException(exception);

    internal void SetCanceled() => _started.TrySetCanceled();
}
