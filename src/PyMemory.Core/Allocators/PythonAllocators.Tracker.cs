using PyMemory.Interop;
using PyMemory.Tracking.Native;

namespace PyMemory.Allocators;

// Putting the native tracker's wrappers into the three domains' chains and taking them out again, under the same
// rules as C# hooks (PythonAllocators.Install.cs): only from the top, and never cutting out what wraps them.
public static unsafe partial class PythonAllocators
{
    /// <summary>One domain of a tracker installation: what was there before, and what was installed.</summary>
    internal readonly record struct TrackerEntry(MemoryDomain Domain, AllocatorFunctions Previous, AllocatorFunctions Installed);

    /// <summary>True when <paramref name="allocator"/> is the native tracker's wrapper.</summary>
    internal static bool IsTracker(AllocatorFunctions allocator) => NativeTracker.IsTrackerMalloc(allocator.Malloc);

    /// <summary>Wraps RAW, MEM and OBJ with the native tracker. The caller holds the GIL, or the interpreter is not
    /// started yet (then nothing else can be allocating).</summary>
    internal static TrackerEntry[] InstallTracker(PythonApi api)
    {
        NativeTracker.Exports tracker = NativeTracker.Api;
        lock (Gate)
        {
            _ = ObserveCurrentName(api);
            var entries = new TrackerEntry[3];
            foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
            {
                PyMemAllocatorEx previous;
                api.PyMem_GetAllocator((PyMemAllocatorDomain)domain, &previous);
                void* context = tracker.pmn_context((int)domain, &previous);
                if (context == null)
                {
                    throw new InsufficientMemoryException("The native tracker could not allocate its context.");
                }

                var installed = new AllocatorFunctions((nint)context, tracker.Malloc, tracker.Calloc, tracker.Realloc, tracker.Free);
                if (domain == MemoryDomain.Raw)
                {
                    // A sampled RAW call enters .NET: C# hooks above must not call down without the GC transition.
                    HookRegistry.RawHookAdded();
                }

                PyMemAllocatorEx native = installed.ToNative();
                api.PyMem_SetAllocator((PyMemAllocatorDomain)domain, &native);
                entries[(int)domain] = new TrackerEntry(domain, AllocatorFunctions.FromNative(previous), installed);
            }

            return entries;
        }
    }

    /// <summary>Takes the tracker out of each domain where it is on top; leaves a domain alone where someone else
    /// already removed it. Refuses, changing nothing, while anything wraps it.</summary>
    /// <returns>True when some domain had lost it already (tracemalloc.stop() restoring an older chain).</returns>
    /// <exception cref="InvalidOperationException">Something still wraps the tracker in a domain.</exception>
    internal static bool RemoveTracker(PythonApi api, TrackerEntry[] entries)
    {
        lock (Gate)
        {
            Span<AllocatorChain.Position> positions = stackalloc AllocatorChain.Position[entries.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                positions[i] = PositionOrRefuse(api, entries[i].Domain, entries[i].Installed, "The memory tracker", "stop the tracker again");
            }

            bool removedExternally = false;
            for (int i = entries.Length - 1; i >= 0; i--)
            {
                removedExternally |= !TakeOut(api, entries[i].Domain, entries[i].Previous, positions[i]);
            }

            return removedExternally;
        }
    }
}
