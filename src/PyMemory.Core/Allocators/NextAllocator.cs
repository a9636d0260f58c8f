using System.Runtime.CompilerServices;

namespace PyMemory.Allocators;

/// <summary>
/// The allocator a hook wraps: the one that was current when the hook was installed. A hook passes each call on
/// through it (possibly changed, or not at all to simulate a failure). Use it only inside the callback that received
/// it: do not store it for later (the one a free callback receives refers to that callback's stack frame).
/// </summary>
public readonly unsafe struct NextAllocator
{
    private readonly HookContext* _context;
    private readonly int* _freed; // set by Free, so that a free callback that throws knows whether the block is gone

    internal NextAllocator(HookContext* context, int* freed = null)
    {
        _context = context;
        _freed = freed;
    }

    /// <summary>The <c>ctx</c> pointer CPython passed to the hook: it identifies this installation, and equals the
    /// <see cref="AllocatorFunctions.Context"/> of <see cref="AllocatorHookScope.GetInstalled"/>.</summary>
    public nint HookContext => (nint)_context;

    /// <summary>The wrapped allocator's addresses.</summary>
    /// <exception cref="InvalidOperationException">This is a default value, not one a callback received.</exception>
    public AllocatorFunctions Functions => AllocatorFunctions.FromNative(Context->Next);

    /// <summary>The domain of the call (for PyMemory's own hooks, which serve several domains with one object).</summary>
    internal MemoryDomain Domain => (MemoryDomain)Context->Domain;

    private HookContext* Context
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _context != null ? _context : throw new InvalidOperationException("This NextAllocator is a default value; use the one the hook callback received.");
    }

    /// <summary>
    /// True when the next allocator may be called without the GC transition: it is one of CPython's presets, and it
    /// cannot reach managed code. pymalloc (MEM and OBJ) passes large requests to the RAW domain, so that holds for
    /// MEM and OBJ only while no managed hook is on RAW: entering managed code from a call that skipped the transition
    /// is a fatal error. RAW hooks are installed and removed under the GIL, which MEM and OBJ callers hold, so the
    /// count cannot change under a running call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NextIsDirect(HookContext* c) =>
        c->NextIsPreset != 0 && (c->Domain == (int)MemoryDomain.Raw || HookRegistry.ManagedRawHooks == 0);

    /// <summary>Calls the wrapped allocator's <c>malloc</c>.</summary>
    /// <param name="size">Bytes; 0 gives a distinct non-zero pointer.</param>
    /// <returns>The block, or zero when the allocation failed.</returns>
    /// <exception cref="InvalidOperationException">This is a default value, not one a callback received.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Malloc(nuint size)
    {
        HookContext* c = Context;
        return NextIsDirect(c)
            ? (nint)((delegate* unmanaged[SuppressGCTransition]<void*, nuint, void*>)c->Next.malloc)(c->Next.ctx, size)
            : MallocWithTransition(c, size);
    }

    /// <summary>Calls the wrapped allocator's <c>calloc</c>.</summary>
    /// <param name="count">Number of elements.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <returns>The zeroed block, or zero when the allocation failed (including when the size overflows).</returns>
    /// <exception cref="InvalidOperationException">This is a default value, not one a callback received.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Calloc(nuint count, nuint elementSize)
    {
        HookContext* c = Context;
        return NextIsDirect(c)
            ? (nint)((delegate* unmanaged[SuppressGCTransition]<void*, nuint, nuint, void*>)c->Next.calloc)(c->Next.ctx, count, elementSize)
            : CallocWithTransition(c, count, elementSize);
    }

    /// <summary>Calls the wrapped allocator's <c>realloc</c>.</summary>
    /// <param name="block">The block to resize, or zero (then it acts as malloc).</param>
    /// <param name="size">The new size in bytes.</param>
    /// <returns>The resized block, or zero when it failed (then <paramref name="block"/> is still valid).</returns>
    /// <exception cref="InvalidOperationException">This is a default value, not one a callback received.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Realloc(nint block, nuint size)
    {
        HookContext* c = Context;
        return NextIsDirect(c)
            ? (nint)((delegate* unmanaged[SuppressGCTransition]<void*, void*, nuint, void*>)c->Next.realloc)(c->Next.ctx, (void*)block, size)
            : ReallocWithTransition(c, block, size);
    }

    /// <summary>Calls the wrapped allocator's <c>free</c>.</summary>
    /// <param name="block">The block, or zero (then nothing happens).</param>
    /// <exception cref="InvalidOperationException">This is a default value, not one a callback received.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Free(nint block)
    {
        HookContext* c = Context;
        if (_freed != null)
        {
            *_freed = 1;
        }

        if (NextIsDirect(c))
        {
            ((delegate* unmanaged[SuppressGCTransition]<void*, void*, void>)c->Next.free)(c->Next.ctx, (void*)block);
        }
        else
        {
            FreeWithTransition(c, block);
        }
    }

    // The calls with a GC transition live in methods of their own, never inlined: a method containing one gets a
    // transition frame set up in its prolog on every call (about 9 ns here), even when it takes the direct path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint MallocWithTransition(HookContext* c, nuint size) => (nint)c->Next.malloc(c->Next.ctx, size);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint CallocWithTransition(HookContext* c, nuint count, nuint elementSize) => (nint)c->Next.calloc(c->Next.ctx, count, elementSize);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint ReallocWithTransition(HookContext* c, nint block, nuint size) => (nint)c->Next.realloc(c->Next.ctx, (void*)block, size);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FreeWithTransition(HookContext* c, nint block) => c->Next.free(c->Next.ctx, (void*)block);
}
