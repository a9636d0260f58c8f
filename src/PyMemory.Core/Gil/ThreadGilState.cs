namespace PyMemory;

/// <summary>
/// What PyMemory knows about the GIL on one thread: the open <see cref="GilScope"/>s (a stack of tokens, so
/// out-of-order and double disposal are told apart), whether the outermost scope took the GIL or found it held
/// by another host, and the thread state kept alive for this thread.
/// </summary>
/// <remarks>
/// The thread state is created once (PyGILState_Ensure, whose count is never released) and then only detached
/// and re-attached (PyEval_SaveThread / PyEval_RestoreThread). When the first scope on a thread borrows another
/// host's GIL, it takes one count on that host's thread state instead, so the host's outermost release no longer
/// deletes it. Releasing it at every outermost exit would delete
/// and re-create it, which is slower and breaks extensions that cache thread states (pybind11 has crashed on
/// that in other .NET hosts). The cost is one thread state per thread that ever entered a scope, freed when the
/// interpreter is finalized.
/// </remarks>
internal sealed class ThreadGilState
{
    [ThreadStatic]
    private static ThreadGilState? t_current;

    // Every thread's state, for Shutdown's question "is another thread inside a scope?". One small object per thread
    // that ever entered a scope, kept like that thread's PyThreadState (see remarks).
    private static readonly List<ThreadGilState> AllThreads = [];
    private static readonly Lock AllThreadsGate = new();

    private long[] _tokens = new long[8];
    private long _nextToken;
    private volatile bool _inOutermostScope;

    private ThreadGilState() => ManagedThreadId = Environment.CurrentManagedThreadId;

    public static ThreadGilState Current => t_current ?? Register();

    public static ThreadGilState? CurrentOrNull => t_current;

    public int ManagedThreadId { get; }

    /// <summary>Open GilScopes on this thread.</summary>
    public int Depth { get; private set; }

    /// <summary>True when the outermost scope took the GIL itself (and must give it back).</summary>
    public bool AcquiredGil { get; set; }

    /// <summary>This thread's PyThreadState, kept alive across scopes; zero until first needed.</summary>
    public nint ThreadState { get; set; }

    /// <summary>The thread state detached by <see cref="GilScope.AllowThreads"/>, or zero.</summary>
    public nint ReleasedThreadState { get; set; }

    public bool IsReleased => ReleasedThreadState != 0;

    /// <summary>True while a scope that took the GIL itself is open and AllowThreads has not released it. A scope
    /// that borrowed another host's GIL does not count: that host may release it behind the scope's back (its
    /// PyGILState_Release out of order), so the GIL rule asks CPython instead.</summary>
    public bool HoldsGilThroughScope => Depth > 0 && ReleasedThreadState == 0 && AcquiredGil;

    /// <summary>Marks this thread inside an outermost <see cref="GilScope"/>, before the scope takes the GIL (never on
    /// the nested fast path). The full fence pairs with Shutdown's (<see cref="OthersInScope"/>): either Shutdown
    /// sees this mark, or this thread then sees that Shutdown has begun (PythonRuntime.Api waits for its outcome).</summary>
    public void EnterOutermost()
    {
        _inOutermostScope = true;
        Interlocked.MemoryBarrier();
    }

    /// <summary>Clears the mark after the outermost scope gave the GIL back (or its enter failed): a plain store.</summary>
    public void ExitOutermost() => _inOutermostScope = false;

    /// <summary>How many threads other than <paramref name="self"/> are inside a <see cref="GilScope"/> (including one
    /// whose GIL AllowThreads released). <see cref="PythonRuntime.Shutdown"/> refuses while there are any: it could
    /// neither take the GIL from them nor let them finish afterwards. The caller has made its own fence.</summary>
    public static int OthersInScope(ThreadGilState self)
    {
        lock (AllThreadsGate)
        {
            int count = 0;
            foreach (ThreadGilState thread in AllThreads)
            {
                if (!ReferenceEquals(thread, self) && thread._inOutermostScope)
                {
                    count++;
                }
            }

            return count;
        }
    }

    public long Push()
    {
        if (Depth == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        long token = ++_nextToken;
        _tokens[Depth++] = token;
        return token;
    }

    public bool IsTop(long token) => Depth > 0 && _tokens[Depth - 1] == token;

    public bool Contains(long token) => Array.IndexOf(_tokens, token, 0, Depth) >= 0;

    public void Pop() => Depth--;

    private static ThreadGilState Register()
    {
        var thread = new ThreadGilState();
        lock (AllThreadsGate)
        {
            AllThreads.Add(thread);
        }

        t_current = thread;
        return thread;
    }
}
