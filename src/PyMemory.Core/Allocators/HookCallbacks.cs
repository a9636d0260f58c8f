using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyMemory.Allocators;

/// <summary>
/// The native entry points of every C# hook: CPython calls them with the hook's <see cref="HookContext"/> as ctx.
/// They never let an exception unwind into CPython (that would crash the process): a throwing malloc, calloc or
/// realloc becomes an allocation failure, and a throwing free still frees the block through the next allocator.
/// </summary>
internal static unsafe class HookCallbacks
{
    public static nint MallocAddress => (nint)(delegate* unmanaged<void*, nuint, void*>)&Malloc;

    public static nint CallocAddress => (nint)(delegate* unmanaged<void*, nuint, nuint, void*>)&Calloc;

    public static nint ReallocAddress => (nint)(delegate* unmanaged<void*, void*, nuint, void*>)&Realloc;

    public static nint FreeAddress => (nint)(delegate* unmanaged<void*, void*, void>)&Free;

    [UnmanagedCallersOnly]
    private static void* Malloc(void* ctx, nuint size)
    {
        var context = (HookContext*)ctx;
        AllocatorHook? hook = HookRegistry.Get(context->Slot);
        if (hook is null)
        {
            return (void*)new NextAllocator(context).Malloc(size);
        }

        try
        {
            return (void*)hook.Malloc(size, new NextAllocator(context));
        }
        catch (Exception e)
        {
            hook.RecordException(e);
            return null;
        }
    }

    [UnmanagedCallersOnly]
    private static void* Calloc(void* ctx, nuint count, nuint elementSize)
    {
        var context = (HookContext*)ctx;
        AllocatorHook? hook = HookRegistry.Get(context->Slot);
        if (hook is null)
        {
            return (void*)new NextAllocator(context).Calloc(count, elementSize);
        }

        try
        {
            return (void*)hook.Calloc(count, elementSize, new NextAllocator(context));
        }
        catch (Exception e)
        {
            hook.RecordException(e);
            return null;
        }
    }

    [UnmanagedCallersOnly]
    private static void* Realloc(void* ctx, void* block, nuint size)
    {
        var context = (HookContext*)ctx;
        AllocatorHook? hook = HookRegistry.Get(context->Slot);
        if (hook is null)
        {
            return (void*)new NextAllocator(context).Realloc((nint)block, size);
        }

        try
        {
            return (void*)hook.Realloc((nint)block, size, new NextAllocator(context));
        }
        catch (Exception e)
        {
            // NULL from realloc means "failed, the old block is still valid": true, since the hook did not resize it
            // (a hook that throws after a successful resize breaks that; documented on AllocatorHook).
            hook.RecordException(e);
            return null;
        }
    }

    [UnmanagedCallersOnly]
    private static void Free(void* ctx, void* block)
    {
        var context = (HookContext*)ctx;
        AllocatorHook? hook = HookRegistry.Get(context->Slot);
        if (hook is null)
        {
            new NextAllocator(context).Free((nint)block);
            return;
        }

        int freed = 0;
        try
        {
            hook.Free((nint)block, new NextAllocator(context, &freed));
        }
        catch (Exception e)
        {
            hook.RecordException(e);
            if (freed == 0)
            {
                FreeAfterException(context, block); // the hook threw before passing the block on: free it so nothing leaks
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FreeAfterException(HookContext* context, void* block) => new NextAllocator(context).Free((nint)block);
}
