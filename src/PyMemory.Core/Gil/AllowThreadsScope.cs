namespace PyMemory;

/// <summary>
/// The GIL released around .NET work inside a <see cref="GilScope"/>; disposing it takes the GIL back.
/// Created by <see cref="GilScope.AllowThreads"/>.
/// </summary>
public readonly struct AllowThreadsScope : IDisposable
{
    private readonly ThreadGilState? _owner;
    private readonly int _depth;

    internal AllowThreadsScope(ThreadGilState owner, int depth)
    {
        _owner = owner;
        _depth = depth;
    }

    /// <summary>Takes the GIL back. Harmless on a scope already disposed.</summary>
    /// <exception cref="InvalidOperationException">Disposed on another thread than the one that created it.</exception>
    public unsafe void Dispose()
    {
        if (_owner is null || !_owner.IsReleased || _owner.Depth != _depth)
        {
            if (_owner is not null && !ReferenceEquals(ThreadGilState.CurrentOrNull, _owner))
            {
                throw new InvalidOperationException("An AllowThreadsScope must be disposed on the thread that created it.");
            }

            return;
        }

        if (!ReferenceEquals(ThreadGilState.CurrentOrNull, _owner))
        {
            throw new InvalidOperationException(
                $"An AllowThreadsScope created on managed thread {_owner.ManagedThreadId} was disposed on thread {Environment.CurrentManagedThreadId}; the GIL was left released.");
        }

        nint threadState = _owner.ReleasedThreadState;
        _owner.ReleasedThreadState = 0;
        if (PythonRuntime.TryGetLiveApi(out Interop.PythonApi? api))
        {
            api.PyEval_RestoreThread(threadState);
        }
    }
}
