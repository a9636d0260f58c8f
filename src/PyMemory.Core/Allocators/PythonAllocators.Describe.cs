using PyMemory.Interop;

namespace PyMemory.Allocators;

// Naming and describing the allocators in use: CPython's preset name, the debug hooks, PyMemory's hooks on top.
public static unsafe partial class PythonAllocators
{
    // The preset and its three allocators, as last seen while no hook sat on top: lets Describe name the preset
    // under PyMemory's hooks (CPython's own query returns NULL as soon as any hook is installed).
    private static string? s_baselineName;
    private static AllocatorFunctions[]? s_baselineAllocators;

    /// <summary>CPython's own name for the allocators in use (<c>_PyMem_GetCurrentAllocatorName</c>): <c>pymalloc</c>,
    /// <c>pymalloc_debug</c>, <c>malloc</c>, ...; null when any domain holds something else (a hook of PyMemory or of
    /// tracemalloc, for instance) or the loaded Python does not export the function.</summary>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static string? CurrentAllocatorName
    {
        get
        {
            PythonApi api = PythonRuntime.Api;
            using GilScope gil = GilScope.Enter();
            return CurrentName(api);
        }
    }

    /// <summary>True when CPython's debug hooks are installed (<c>PYTHONMALLOC=debug</c>,
    /// <see cref="PythonRuntimeOptions.EnableDebugHooks"/>), also under PyMemory's hooks.</summary>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static bool DebugHooksActive => Describe().DebugHooksActive;

    /// <summary>Describes the allocators in use: the preset, the debug hooks, and PyMemory's hooks on top.</summary>
    /// <returns>The description.</returns>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static AllocatorDescription Describe()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        lock (Gate)
        {
            string? name = ObserveCurrentName(api);
            if (name != null)
            {
                return new AllocatorDescription(name, IsDebugName(name), [], foreignHooks: false);
            }

            nint libpython = AllocatorChain.LibraryBase(api);
            var hooks = new List<string>();
            var bases = new AllocatorFunctions[3];
            bool structuralDebug = true;
            foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
            {
                AllocatorFunctions current = GetNative(api, domain);
                while (AllocatorChain.Classify(libpython, current, domain, out AllocatorFunctions wrapped) is AllocatorChain.Link.PyMemoryHook or AllocatorChain.Link.PyMemoryTracker)
                {
                    string hookName = IsTracker(current)
                        ? "MemoryTracker"
                        : HookRegistry.Get(((HookContext*)current.Context)->Slot)?.GetType().Name ?? "(removed)";
                    hooks.Add($"{DomainLabel(domain)}: {hookName}");
                    current = wrapped;
                }

                bases[(int)domain] = current;
                structuralDebug &= AllocatorChain.Classify(libpython, current, domain, out _) == AllocatorChain.Link.DebugHook;
            }

            bool baseline = s_baselineAllocators is { } known && known.AsSpan().SequenceEqual(bases);
            string? preset = baseline ? s_baselineName : null;
            bool debug = (preset != null && IsDebugName(preset)) || structuralDebug;
            return new AllocatorDescription(preset, debug, hooks.AsReadOnly(), foreignHooks: !baseline && !structuralDebug);
        }
    }

    /// <summary>
    /// Makes sure CPython's debug hooks are active. Installing them on a running interpreter is not possible safely:
    /// their free() would reject every block allocated before them as corrupt and abort the process. So this does
    /// nothing when they are already active (CPython's <c>PyMem_SetupDebugHooks</c> is idempotent too) and refuses
    /// otherwise.
    /// </summary>
    /// <exception cref="InvalidOperationException">The debug hooks are not active; start the interpreter with
    /// <see cref="PythonRuntimeOptions.EnableDebugHooks"/> or <c>PYTHONMALLOC=debug</c>.</exception>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static void EnsureDebugHooks()
    {
        if (!DebugHooksActive)
        {
            throw new InvalidOperationException(
                "CPython's debug hooks cannot be installed on a running interpreter: their free() would find every block allocated " +
                "before them without guard bytes and abort the process. Start Python with PythonRuntimeOptions.EnableDebugHooks = true " +
                "(or the environment variable PYTHONMALLOC=debug) instead.");
        }
    }

    /// <summary>CPython's name for the allocators in use, remembered as the baseline whenever CPython recognizes them
    /// (so that they can still be named once PyMemory hooks sit on top). The caller holds <c>Gate</c> and the GIL.</summary>
    private static string? ObserveCurrentName(PythonApi api)
    {
        string? name = CurrentName(api);
        if (name != null)
        {
            s_baselineName = name;
            s_baselineAllocators = [GetNative(api, MemoryDomain.Raw), GetNative(api, MemoryDomain.Mem), GetNative(api, MemoryDomain.Obj)];
        }

        return name;
    }

    /// <summary>CPython's name for the allocators in use, for the start-up log line (the GIL is held, or the
    /// interpreter is not started yet); null when it is not a preset.</summary>
    internal static string? CurrentNameForLog(PythonApi api) => CurrentName(api);

    private static string? CurrentName(PythonApi api) =>
        api.Has(nameof(PythonApi._PyMem_GetCurrentAllocatorName)) ? PythonRuntime.FromUtf8(api._PyMem_GetCurrentAllocatorName()) : null;

    private static bool IsDebugName(string name) => name.EndsWith("debug", StringComparison.Ordinal);

    private static string DomainLabel(MemoryDomain domain) => domain switch
    {
        MemoryDomain.Raw => "RAW",
        MemoryDomain.Mem => "MEM",
        _ => "OBJ",
    };
}
