using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PyMemory.Interop;
using PyMemory.Logging;

namespace PyMemory.Allocators;

// Installing C# hooks on a running interpreter, and removing them again.
public static unsafe partial class PythonAllocators
{
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

            var scope = new AllocatorHookScope(hook, entries);
            if (PyMemoryLoggers.Allocators.IsEnabled(LogLevel.Debug))
            {
                PyMemoryLoggers.Allocators.HookInstalled(hook.GetType().Name, string.Join(", ", domains));
            }

            return scope;
        }
    }

    /// <summary>
    /// Removes an installation. Per domain, the hook is either still on top (its previous allocator is put back),
    /// or no longer in the chain at all because someone restored an allocator saved before it (tracemalloc.stop()
    /// does): then that domain is left as it is. When something still wraps the hook, or PyMemory cannot see whether
    /// something does, nothing is changed and the removal is refused: restoring would cut that allocator out.
    /// </summary>
    internal static void Remove(AllocatorHookScope scope, AllocatorHookScope.Entry[] entries)
    {
        if (!PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            // The interpreter is gone: there is no allocator left to restore.
            foreach (AllocatorHookScope.Entry entry in entries)
            {
                HookRegistry.Remove(entry.Slot);
            }

            scope.MarkDisposed(removedExternally: false);
            return;
        }

        using GilScope gil = GilScope.Enter();
        lock (Gate)
        {
            if (!scope.IsActive)
            {
                return;
            }

            string subject = $"The allocator hook {scope.Hook.GetType().Name}";
            Span<AllocatorChain.Position> positions = stackalloc AllocatorChain.Position[entries.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                try
                {
                    positions[i] = PositionOrRefuse(api, entries[i].Domain, entries[i].Installed, $"This {scope.Hook.GetType().Name} scope", "dispose this scope again");
                }
                catch (InvalidOperationException e)
                {
                    PyMemoryLoggers.Allocators.RemovalRefused(subject, e.Message);
                    throw;
                }
            }

            bool removedExternally = false;
            for (int i = entries.Length - 1; i >= 0; i--)
            {
                if (!TakeOut(api, entries[i].Domain, entries[i].Previous, positions[i]))
                {
                    removedExternally = true;
                    PyMemoryLoggers.Allocators.RemovedExternally(subject, entries[i].Domain);
                }

                HookRegistry.Remove(entries[i].Slot);
            }

            scope.MarkDisposed(removedExternally);
            if (PyMemoryLoggers.Allocators.IsEnabled(LogLevel.Debug))
            {
                PyMemoryLoggers.Allocators.HookRemoved(scope.Hook.GetType().Name, string.Join(", ", scope.Domains));
            }
        }
    }

    /// <summary>Where <paramref name="installed"/> is in <paramref name="domain"/>'s chain; refuses (throws, changing
    /// nothing) when something still wraps it or PyMemory cannot see whether something does: removing it then would
    /// cut that allocator out too. The caller holds <c>Gate</c> and the GIL.</summary>
    /// <exception cref="InvalidOperationException">Something wraps it.</exception>
    private static AllocatorChain.Position PositionOrRefuse(PythonApi api, MemoryDomain domain, AllocatorFunctions installed, string subject, string retry)
    {
        AllocatorFunctions current = GetNative(api, domain);
        AllocatorChain.Position position = AllocatorChain.Find(AllocatorChain.LibraryBase(api), current, installed, domain);
        if (position is AllocatorChain.Position.Covered or AllocatorChain.Position.Unknown)
        {
            string onTop = IsPyMemoryHook(current)
                ? "a hook installed later by PyMemory that is still active (an AllocatorHookScope: dispose scopes in reverse order)"
                : "an allocator installed by someone else, such as tracemalloc.start() or another host";
            throw new InvalidOperationException(
                $"{subject} cannot be removed from the {domain} domain: {onTop} wraps it. " +
                $"Removing it now would silently drop that allocator too. Nothing was changed; remove the one on top first, then {retry}.");
        }

        return position;
    }

    /// <summary>Takes one installation (a hook's or the tracker's) out of <paramref name="domain"/>, at the position
    /// <see cref="PositionOrRefuse"/> found: the allocator it wrapped goes back when it is on top; when someone else
    /// already removed it, the domain is left alone (putting <paramref name="previous"/> back would reinstall what they
    /// removed). Either way a RAW installation no longer counts as managed code on RAW.</summary>
    /// <returns>False when it was gone already.</returns>
    private static bool TakeOut(PythonApi api, MemoryDomain domain, AllocatorFunctions previous, AllocatorChain.Position position)
    {
        bool onTop = position == AllocatorChain.Position.Top;
        if (onTop)
        {
            PyMemAllocatorEx native = previous.ToNative();
            api.PyMem_SetAllocator((PyMemAllocatorDomain)domain, &native);
        }

        if (domain == MemoryDomain.Raw)
        {
            HookRegistry.RawHookRemoved(); // only once it can no longer be reached (see RawHookAdded at install)
        }

        return onTop;
    }

    /// <summary>The managed callback when the hook overrides the method (or no forwarder exists), else the native forwarder.</summary>
    private static nint Pick(int overridden, int bit, nint callback, nint forwarder) =>
        (overridden & bit) != 0 || forwarder == 0 ? callback : forwarder;
}
