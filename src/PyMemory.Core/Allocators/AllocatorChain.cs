using PyMemory.Interop;
using PyMemory.Interop.Layouts;
using PyMemory.Interop.Native;

namespace PyMemory.Allocators;

/// <summary>
/// Follows one domain's chain of allocators from the top down, through the wrappers whose wrapped allocator PyMemory
/// can read: its own hooks (<see cref="HookContext.Next"/>) and tracker (the same layout), CPython's debug hooks (<c>debug_alloc_api_t.alloc</c>,
/// <see cref="DebugAllocApiLayout"/>) and tracemalloc's hooks (the saved allocator their ctx points at,
/// <see cref="TracemallocAllocatorLayout"/>). CPython's presets end a chain; anything else (another host's hook, a
/// replacement) is opaque and ends the walk without an answer.
/// </summary>
/// <remarks>
/// CPython's own wrappers are recognized by shape, never by reading foreign memory first: their functions and their
/// ctx both lie in libpython (checked with <c>dladdr</c>), and the ctx is pointer-aligned. The debug hooks' ctx then
/// starts with the domain's API id; an odd letter that no pointer (tracemalloc's ctx starts with one) can equal.
/// </remarks>
internal static unsafe class AllocatorChain
{
    // More wrappers than any real process stacks: a longer walk means a cycle or memory PyMemory misread.
    private const int MaxDepth = 64;

    /// <summary>What an allocator is, as far as the chain goes.</summary>
    internal enum Link
    {
        /// <summary>Something PyMemory cannot see through.</summary>
        Opaque,

        /// <summary>One of CPython's presets (pymalloc, malloc, mimalloc): no ctx, nothing below in this domain.</summary>
        Preset,

        /// <summary>A PyMemory hook.</summary>
        PyMemoryHook,

        /// <summary>PyMemory's native memory tracker (its ctx starts with the allocator it wraps, like a hook's).</summary>
        PyMemoryTracker,

        /// <summary>CPython's debug hooks.</summary>
        DebugHook,

        /// <summary>tracemalloc's hook.</summary>
        Tracemalloc,
    }

    /// <summary>Where an installed hook is in a domain's chain.</summary>
    internal enum Position
    {
        /// <summary>It is the current allocator.</summary>
        Top,

        /// <summary>Other allocators wrap it and pass their calls down to it.</summary>
        Covered,

        /// <summary>It is not in the chain any more: the walk from the top ended at a preset without meeting it.</summary>
        Gone,

        /// <summary>The walk met an allocator it cannot see through before meeting the hook.</summary>
        Unknown,
    }

    /// <summary>The load address of libpython, which CPython's own allocators and their contexts lie in; zero when
    /// the platform cannot tell (then only PyMemory's hooks are recognized).</summary>
    public static nint LibraryBase(PythonApi api) => LibC.ObjectBase((nint)api.PyMem_Malloc);

    /// <summary>Recognizes <paramref name="allocator"/> and reads the allocator it wraps, when it has one PyMemory can see.</summary>
    /// <param name="libpython">What <see cref="LibraryBase"/> returned.</param>
    /// <param name="allocator">An allocator of <paramref name="domain"/>'s chain.</param>
    /// <param name="domain">Its domain.</param>
    /// <param name="wrapped">The allocator below it; default when there is none or it cannot be read.</param>
    /// <returns>What it is.</returns>
    public static Link Classify(nint libpython, AllocatorFunctions allocator, MemoryDomain domain, out AllocatorFunctions wrapped)
    {
        wrapped = default;
        if (PythonAllocators.IsTracker(allocator))
        {
            wrapped = AllocatorFunctions.FromNative(*(PyMemAllocatorEx*)allocator.Context);
            return Link.PyMemoryTracker;
        }

        if (PythonAllocators.IsPyMemoryHook(allocator))
        {
            wrapped = AllocatorFunctions.FromNative(((HookContext*)allocator.Context)->Next);
            return Link.PyMemoryHook;
        }

        if (libpython == 0 || LibC.ObjectBase(allocator.Malloc) != libpython)
        {
            return Link.Opaque;
        }

        if (allocator.Context == 0)
        {
            return Link.Preset;
        }

        if (allocator.Context % IntPtr.Size != 0 || LibC.ObjectBase(allocator.Context) != libpython)
        {
            return Link.Opaque;
        }

        if (*(byte*)(allocator.Context + DebugAllocApiLayout.api_id) == DebugAllocApiLayout.ApiId((PyMemAllocatorDomain)domain))
        {
            wrapped = AllocatorFunctions.FromNative(*(PyMemAllocatorEx*)(allocator.Context + DebugAllocApiLayout.alloc));
            return Link.DebugHook;
        }

        wrapped = AllocatorFunctions.FromNative(*(PyMemAllocatorEx*)(allocator.Context + TracemallocAllocatorLayout.saved_allocator));
        return Link.Tracemalloc;
    }

    /// <summary>Where <paramref name="installed"/> is in the chain that starts at <paramref name="top"/>.</summary>
    /// <param name="libpython">What <see cref="LibraryBase"/> returned.</param>
    /// <param name="top">The domain's current allocator.</param>
    /// <param name="installed">The allocator a hook scope installed.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>Its position.</returns>
    public static Position Find(nint libpython, AllocatorFunctions top, AllocatorFunctions installed, MemoryDomain domain)
    {
        AllocatorFunctions current = top;
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            if (current == installed)
            {
                return depth == 0 ? Position.Top : Position.Covered;
            }

            switch (Classify(libpython, current, domain, out AllocatorFunctions wrapped))
            {
                case Link.Preset:
                    return Position.Gone;
                case Link.Opaque:
                    return Position.Unknown;
                default:
                    current = wrapped;
                    break;
            }
        }

        return Position.Unknown;
    }
}
