using System.Runtime.InteropServices;
using PyMemory.Diagnostics;
using PyMemory.Interop;

namespace PyMemory.Allocators;

/// <summary>
/// CPython's allocators, per domain: reading them, describing them, and installing C# hooks as scopes.
/// Every member takes the GIL for its duration (reentrant: fine inside a <see cref="GilScope"/>).
/// </summary>
/// <remarks>
/// After the interpreter has started, CPython only allows allocators that wrap the current one: a hook receives
/// every call and passes it on (<see cref="Install"/>). Replacing an allocator outright is only possible before
/// initialization (<see cref="PythonRuntimeOptions.ReplaceAllocators"/>), because blocks already allocated would otherwise be freed
/// by an allocator that never made them.
/// </remarks>
public static unsafe class PythonAllocators
{
    private static readonly Lock Gate = new();

    // The preset and its three allocators, as last seen while no hook sat on top: lets Describe name the preset
    // under PyMemory's hooks (CPython's own query returns NULL as soon as any hook is installed).
    private static string? s_baselineName;
    private static AllocatorFunctions[]? s_baselineAllocators;

    private static ReadOnlySpan<byte> DebugApiIds => "rmo"u8;

    /// <summary>The allocator currently installed in <paramref name="domain"/>.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>Its context and function addresses.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not a defined domain.</exception>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static AllocatorFunctions Get(MemoryDomain domain)
    {
        CheckDomain(domain);
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        return GetNative(api, domain);
    }

    /// <summary>The arena allocator pymalloc takes its 256 KiB / 1 MiB arenas from.</summary>
    /// <returns>Its context and function addresses.</returns>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static ArenaAllocatorFunctions GetArenaAllocator()
    {
        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        PyObjectArenaAllocator arena;
        api.PyObject_GetArenaAllocator(&arena);
        return ArenaAllocatorFunctions.FromNative(arena);
    }

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

            var hooks = new List<string>();
            var bases = new AllocatorFunctions[3];
            bool structuralDebug = true;
            foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
            {
                AllocatorFunctions current = GetNative(api, domain);
                while (IsPyMemoryHook(current))
                {
                    var context = (HookContext*)current.Context;
                    hooks.Add($"{DomainLabel(domain)}: {HookRegistry.Get(context->Slot)?.GetType().Name ?? "(removed)"}");
                    current = AllocatorFunctions.FromNative(context->Next);
                }

                bases[(int)domain] = current;
                structuralDebug &= IsCPythonDebugHook(api, current, domain);
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

    /// <summary>
    /// Installs <paramref name="hook"/> on each of <paramref name="domains"/>, wrapping the allocator current there.
    /// Dispose the result to remove it (restoring exactly what was there).
    /// </summary>
    /// <param name="hook">The hook; one instance may be installed several times.</param>
    /// <param name="domains">One or more distinct domains; RAW calls come on any thread without the GIL.</param>
    /// <returns>The installation, to dispose.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hook"/> or <paramref name="domains"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="domains"/> is empty or names a domain twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A domain is not defined.</exception>
    /// <exception cref="InvalidOperationException">The GIL cannot be taken on this thread (inside <see cref="GilScope.AllowThreads"/>).</exception>
    /// <exception cref="Interop.Loading.PythonLibraryLoadException">Python could not be found or loaded.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static AllocatorHookScope Install(AllocatorHook hook, params MemoryDomain[] domains)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(domains);
        if (domains.Length == 0)
        {
            throw new ArgumentException("Name at least one domain to install the hook on.", nameof(domains));
        }

        foreach (MemoryDomain domain in domains)
        {
            CheckDomain(domain);
        }

        if (domains.Distinct().Count() != domains.Length)
        {
            throw new ArgumentException("A domain is named twice; install a hook once per domain.", nameof(domains));
        }

        PythonApi api = PythonRuntime.Api;
        using GilScope gil = GilScope.Enter();
        lock (Gate)
        {
            string? name = ObserveCurrentName(api);
            int overridden = hook.OverriddenMethods;
            var entries = new AllocatorHookScope.Entry[domains.Length];
            for (int i = 0; i < domains.Length; i++)
            {
                MemoryDomain domain = domains[i];
                PyMemAllocatorEx previous;
                api.PyMem_GetAllocator((PyMemAllocatorDomain)domain, &previous);
                var context = (HookContext*)NativeMemory.AllocZeroed((nuint)sizeof(HookContext));
                context->Next = previous;
                context->Domain = (int)domain;
                context->Slot = HookRegistry.Add(hook);
                // Only the presets are known to be short C functions that never wait for the GIL or call managed code.
                context->NextIsPreset = name != null ? 1 : 0;
                var installed = new AllocatorFunctions(
                    (nint)context,
                    Pick(overridden, 1, HookCallbacks.MallocAddress, NativeForwarders.Malloc),
                    Pick(overridden, 2, HookCallbacks.CallocAddress, NativeForwarders.Calloc),
                    Pick(overridden, 4, HookCallbacks.ReallocAddress, NativeForwarders.Realloc),
                    Pick(overridden, 8, HookCallbacks.FreeAddress, NativeForwarders.Free));
                PyMemAllocatorEx native = installed.ToNative();
                if (domain == MemoryDomain.Raw)
                {
                    HookRegistry.RawHookAdded(); // before the hook can be reached (see NextAllocator.NextIsDirect)
                }

                api.PyMem_SetAllocator((PyMemAllocatorDomain)domain, &native);
                entries[i] = new AllocatorHookScope.Entry(domain, AllocatorFunctions.FromNative(previous), installed, context->Slot);
            }

            return new AllocatorHookScope(hook, entries);
        }
    }

    /// <summary>
    /// Always refused on a running interpreter: after initialization CPython only allows allocators that wrap the
    /// current one, because every block already allocated must still be freed by the allocator that made it. Use
    /// <see cref="Install"/> with an <see cref="AllocatorHook"/> instead, or <see cref="PythonRuntimeOptions.ReplaceAllocators"/>
    /// before the interpreter starts.
    /// </summary>
    /// <param name="domain">The domain.</param>
    /// <param name="allocator">The replacement.</param>
    /// <exception cref="InvalidOperationException">Always once the interpreter is running (the message says why).</exception>
    /// <exception cref="NotSupportedException">The interpreter has not been started yet: name the replacement in
    /// <see cref="PythonRuntimeOptions.ReplaceAllocators"/> so that it is installed between loading and starting.</exception>
    public static void Replace(MemoryDomain domain, AllocatorFunctions allocator)
    {
        CheckDomain(domain);
        _ = allocator;
        if (PythonRuntime.State is PythonRuntimeState.NotInitialized)
        {
            throw new NotSupportedException(
                "A replacement must be installed between loading libpython and starting the interpreter: pass it in " +
                "PythonRuntimeOptions.ReplaceAllocators to PythonRuntime.Initialize.");
        }

        throw new InvalidOperationException(
            $"The {domain} allocator cannot be replaced: the interpreter is running, and CPython only allows an allocator that wraps the current one " +
            "after initialization (every block already allocated must be freed by the allocator that made it). Install an AllocatorHook with " +
            "PythonAllocators.Install instead, or replace the allocator before the interpreter starts (PythonRuntimeOptions.ReplaceAllocators).");
    }

    /// <summary>
    /// Replaces <paramref name="domain"/>'s allocator outright, which CPython allows only before the interpreter
    /// starts. Call it with a <see cref="PythonApi"/> bound to the same library before <see cref="PythonRuntime.Initialize"/>.
    /// The allocator is checked first: 0-byte malloc and calloc must return distinct non-NULL pointers. When the debug
    /// hooks were installed before, or <paramref name="debugHooks"/> asks for them, they are set up again on top.
    /// </summary>
    /// <param name="api">The raw API of the library that will be initialized.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="allocator">The new allocator; it must be thread-safe (RAW is called on any thread, and from 3.12 all).</param>
    /// <param name="debugHooks">True to install the debug hooks on top, false not to add them, null to keep them if they were there.</param>
    /// <exception cref="ArgumentNullException"><paramref name="api"/> is null.</exception>
    /// <exception cref="ArgumentException">A function address is zero, or 0-byte requests do not return distinct non-NULL pointers.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not defined.</exception>
    /// <exception cref="InvalidOperationException">The interpreter is already initialized, or PYTHONMALLOC is set (start-up
    /// would replace the allocator again).</exception>
    internal static void ReplaceBeforeInitialize(PythonApi api, MemoryDomain domain, AllocatorFunctions allocator, bool? debugHooks = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        CheckDomain(domain);
        if (!allocator.IsComplete)
        {
            throw new ArgumentException("All four function addresses of the replacement must be set.", nameof(allocator));
        }

        if (api.Py_IsInitialized() != 0)
        {
            throw new InvalidOperationException(
                $"The {domain} allocator cannot be replaced: the interpreter is already initialized, and CPython then only allows an allocator " +
                "that wraps the current one. Install an AllocatorHook with PythonAllocators.Install instead.");
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PYTHONMALLOC")))
        {
            throw new InvalidOperationException("PYTHONMALLOC is set: CPython would install that preset at start-up and drop the replacement.");
        }

        CheckZeroByteRequests(allocator);
        PyMemAllocatorEx current;
        api.PyMem_GetAllocator((PyMemAllocatorDomain)domain, &current);
        bool hadDebugHooks = IsCPythonDebugHook(api, AllocatorFunctions.FromNative(current), domain);
        PyMemAllocatorEx native = allocator.ToNative();
        api.PyMem_SetAllocator((PyMemAllocatorDomain)domain, &native);
        if (debugHooks ?? hadDebugHooks)
        {
            api.PyMem_SetupDebugHooks();
        }
    }

    /// <summary>CPython's name for the allocators in use, remembered as the baseline whenever CPython recognizes them
    /// (so that they can still be named once PyMemory hooks sit on top). The caller holds <c>Gate</c> and the GIL.</summary>
    private static string? ObserveCurrentName(PythonApi api)
    {
        string? name = CurrentName(api);
        if (name != null)
        {
            RememberBaseline(api, name);
        }

        return name;
    }

    /// <summary>True when <paramref name="allocator"/> is a PyMemory hook (its functions are PyMemory's callbacks).</summary>
    /// <param name="allocator">An allocator read with <see cref="Get"/>.</param>
    /// <returns>Whether PyMemory installed it.</returns>
    public static bool IsPyMemoryHook(AllocatorFunctions allocator) =>
        allocator.Malloc == HookCallbacks.MallocAddress || NativeForwarders.Contains(allocator.Malloc);

    /// <summary>Removes an installation, after checking that each of its hooks is still on top.</summary>
    internal static void Remove(AllocatorHookScope scope, AllocatorHookScope.Entry[] entries)
    {
        if (!PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            // The interpreter is gone: there is no allocator left to restore.
            foreach (AllocatorHookScope.Entry entry in entries)
            {
                HookRegistry.Remove(entry.Slot);
            }

            scope.MarkDisposed();
            return;
        }

        using GilScope gil = GilScope.Enter();
        lock (Gate)
        {
            if (!scope.IsActive)
            {
                return;
            }

            foreach (AllocatorHookScope.Entry entry in entries)
            {
                AllocatorFunctions current = GetNative(api, entry.Domain);
                if (current != entry.Installed)
                {
                    string onTop = IsPyMemoryHook(current)
                        ? "a hook installed later by PyMemory that is still active (dispose scopes in reverse order)"
                        : "an allocator installed by someone else, such as tracemalloc.start() or another host";
                    throw new InvalidOperationException(
                        $"This {scope.Hook.GetType().Name} scope cannot be removed from the {entry.Domain} domain: {onTop} wraps it. " +
                        "Removing it now would silently drop that allocator too. Nothing was changed; remove the one on top first, then dispose this scope again.");
                }
            }

            for (int i = entries.Length - 1; i >= 0; i--)
            {
                PyMemAllocatorEx previous = entries[i].Previous.ToNative();
                api.PyMem_SetAllocator((PyMemAllocatorDomain)entries[i].Domain, &previous);
                HookRegistry.Remove(entries[i].Slot);
                if (entries[i].Domain == MemoryDomain.Raw)
                {
                    HookRegistry.RawHookRemoved();
                }
            }

            scope.MarkDisposed();
        }
    }

    /// <summary>The managed callback when the hook overrides the method (or no forwarder exists), else the native forwarder.</summary>
    private static nint Pick(int overridden, int bit, nint callback, nint forwarder) =>
        (overridden & bit) != 0 || forwarder == 0 ? callback : forwarder;

    private static AllocatorFunctions GetNative(PythonApi api, MemoryDomain domain)
    {
        PyMemAllocatorEx allocator;
        api.PyMem_GetAllocator((PyMemAllocatorDomain)domain, &allocator);
        return AllocatorFunctions.FromNative(allocator);
    }

    private static string? CurrentName(PythonApi api) =>
        api.Has(nameof(PythonApi._PyMem_GetCurrentAllocatorName)) ? PythonRuntime.FromUtf8(api._PyMem_GetCurrentAllocatorName()) : null;

    private static void RememberBaseline(PythonApi api, string name)
    {
        s_baselineName = name;
        s_baselineAllocators = [GetNative(api, MemoryDomain.Raw), GetNative(api, MemoryDomain.Mem), GetNative(api, MemoryDomain.Obj)];
    }

    private static bool IsDebugName(string name) => name.EndsWith("debug", StringComparison.Ordinal);

    /// <summary>
    /// Recognizes CPython's debug hooks by their shape: their ctx points into libpython's own data, at a
    /// <c>debug_alloc_api_t</c> whose first byte is the domain's API id ('r', 'm' or 'o'), and their functions are in
    /// libpython. The address check comes first, so foreign contexts are never read; an 8-byte-aligned pointer (the
    /// first field of any other struct there) can never have those odd low bytes.
    /// </summary>
    private static bool IsCPythonDebugHook(PythonApi api, AllocatorFunctions allocator, MemoryDomain domain)
    {
        nint library = LibC.ObjectBase((nint)api.PyMem_Malloc);
        return library != 0 && allocator.Context != 0
            && LibC.ObjectBase(allocator.Malloc) == library
            && LibC.ObjectBase(allocator.Context) == library
            && *(byte*)allocator.Context == DebugApiIds[(int)domain];
    }

    private static void CheckZeroByteRequests(AllocatorFunctions allocator)
    {
        PyMemAllocatorEx f = allocator.ToNative();
        void* a = f.malloc(f.ctx, 0);
        void* b = f.malloc(f.ctx, 0);
        void* c = f.calloc(f.ctx, 0, 0);
        bool ok = a != null && b != null && c != null && a != b && b != c && a != c;
        f.free(f.ctx, a);
        f.free(f.ctx, b);
        f.free(f.ctx, c);
        if (!ok)
        {
            throw new ArgumentException("CPython requires malloc(0) and calloc(0, 0) to return distinct non-NULL pointers; this allocator does not.", nameof(allocator));
        }
    }

    private static void CheckDomain(MemoryDomain domain)
    {
        if (domain is not (MemoryDomain.Raw or MemoryDomain.Mem or MemoryDomain.Obj))
        {
            throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a CPython allocator domain (Raw, Mem or Obj).");
        }
    }

    private static string DomainLabel(MemoryDomain domain) => domain switch
    {
        MemoryDomain.Raw => "RAW",
        MemoryDomain.Mem => "MEM",
        _ => "OBJ",
    };
}
