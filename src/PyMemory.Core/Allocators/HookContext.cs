using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory.Allocators;

/// <summary>
/// The <c>ctx</c> of one installed C# hook, in native memory so that the callbacks reach the next allocator with
/// one pointer read and no GC handle. It is never freed: after the hook is removed another thread may still be
/// inside a callback that received it (RAW allocations run without the GIL), so freeing it would be a
/// use-after-free; the cost is 56 bytes per installation.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct HookContext
{
    /// <summary>Byte offset of <see cref="Next"/> (0: it comes first, so the native forwarders reach the next
    /// allocator's fields at the offsets of <c>PyMemAllocatorEx</c> itself).</summary>
    public static int NextOffset
    {
        get
        {
            HookContext c = default;
            return (int)((byte*)&c.Next - (byte*)&c);
        }
    }

    /// <summary>The allocator that was current when the hook was installed; every call ends up there.</summary>
    public PyMemAllocatorEx Next;

    /// <summary>Index of the hook object in <see cref="HookRegistry"/>.</summary>
    public int Slot;

    /// <summary>The domain, as CPython numbers it.</summary>
    public int Domain;

    /// <summary>1 when <see cref="Next"/> is one of CPython's own preset allocators (pymalloc, malloc, mimalloc, the
    /// debug hooks): short functions that never block on the GIL or call managed code, so they may be called
    /// without the GC transition.</summary>
    public int NextIsPreset;

    /// <summary>Padding to a multiple of 8 bytes.</summary>
    public int Reserved;
}
