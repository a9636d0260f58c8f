using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace PyMemory.Allocators;

/// <summary>
/// An allocator hook written in C#: it sees every call of the domains it is installed on and passes each one on to
/// the allocator it wraps (<see cref="NextAllocator"/>). The default implementations pass calls through unchanged;
/// override the ones you need. Install with <see cref="PythonAllocators.Install(AllocatorHook, MemoryDomain[])"/>.
/// </summary>
/// <remarks>
/// <para>Rules the callbacks must follow (CPython's rules for any allocator):</para>
/// <list type="bullet">
/// <item>Thread safety: RAW-domain calls come on any thread without the GIL, often concurrently, and from 3.12 every
/// domain must be thread-safe. Use <see cref="Interlocked"/> or thread-local state; never lock on something a Python
/// thread may hold.</item>
/// <item>Blocks outlive the hook: a block allocated while the hook is installed may be freed after it was removed,
/// directly by the wrapped allocator. So a hook must hand blocks through unchanged (no headers of its own).</item>
/// <item>Only overridden methods cost a call into .NET (about 10 to 20 ns each on x64 Linux): calls to methods a hook
/// does not override are forwarded to the next allocator in native code. Override only what you need.</item>
/// <item>Do not call into Python from a callback (the allocator is called in the middle of CPython's work) and keep
/// callbacks short: they run for every allocation of the interpreter.</item>
/// <item>An exception never reaches CPython: in <see cref="Malloc"/>, <see cref="Calloc"/> and <see cref="Realloc"/>
/// it becomes an allocation failure (NULL); in <see cref="Free"/> the block is still freed through the next allocator
/// so nothing leaks. Either way it is counted in <see cref="CallbackExceptionCount"/> and kept in
/// <see cref="LastCallbackException"/>.</item>
/// </list>
/// </remarks>
// The annotation makes GetType() on any hook a Type whose public methods the trimmer keeps (for every derived type),
// so OverriddenMethods can look up which of the four callbacks a hook's type overrides under trimming and NativeAOT.
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)]
public abstract class AllocatorHook
{
    private static readonly ConcurrentDictionary<Type, int> OverrideMasks = new();

    private long _exceptionCount;
    private Exception? _lastException;

    /// <summary>How many callbacks threw an exception (each one was turned into a failure or a plain free).</summary>
    public long CallbackExceptionCount => Interlocked.Read(ref _exceptionCount);

    /// <summary>The most recent exception a callback threw, or null.</summary>
    public Exception? LastCallbackException => Volatile.Read(ref _lastException);

    /// <summary>Called for <c>malloc(size)</c>. The default passes it on.</summary>
    /// <param name="size">Bytes requested; 0 must give a distinct non-zero pointer.</param>
    /// <param name="nextAllocator">The wrapped allocator.</param>
    /// <returns>The block, or zero for an allocation failure.</returns>
    public virtual nint Malloc(nuint size, NextAllocator nextAllocator) => nextAllocator.Malloc(size);

    /// <summary>Called for <c>calloc(count, elementSize)</c>. The default passes it on.</summary>
    /// <param name="count">Number of elements.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <param name="nextAllocator">The wrapped allocator.</param>
    /// <returns>The zeroed block, or zero for an allocation failure.</returns>
    public virtual nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator) => nextAllocator.Calloc(count, elementSize);

    /// <summary>Called for <c>realloc(block, size)</c>. The default passes it on.</summary>
    /// <param name="block">The block to resize, or zero.</param>
    /// <param name="size">The new size.</param>
    /// <param name="nextAllocator">The wrapped allocator.</param>
    /// <returns>The resized block, or zero for a failure (the old block must then stay valid).</returns>
    public virtual nint Realloc(nint block, nuint size, NextAllocator nextAllocator) => nextAllocator.Realloc(block, size);

    /// <summary>Called for <c>free(block)</c>. The default passes it on. An override must free the block through
    /// <paramref name="nextAllocator"/> exactly once (unless it throws before doing so: then PyMemory frees it).</summary>
    /// <param name="block">The block, or zero.</param>
    /// <param name="nextAllocator">The wrapped allocator.</param>
    public virtual void Free(nint block, NextAllocator nextAllocator) => nextAllocator.Free(block);

    /// <summary>Which of Malloc (1), Calloc (2), Realloc (4) and Free (8) this hook's type overrides. The others are
    /// installed as native forwarders (see <see cref="NativeForwarders"/>): their calls never enter .NET.</summary>
    internal int OverriddenMethods
    {
        get
        {
            // Not GetOrAdd with a lambda: the lambda's parameter would lose the type's trimming annotation.
            Type type = GetType();
            if (!OverrideMasks.TryGetValue(type, out int mask))
            {
                mask = OverrideMask(type);
                OverrideMasks.TryAdd(type, mask);
            }

            return mask;
        }
    }

    /// <summary>Records an exception a callback threw. Never throws, never allocates.</summary>
    internal void RecordException(Exception exception)
    {
        Interlocked.Increment(ref _exceptionCount);
        Volatile.Write(ref _lastException, exception);
    }

    private static int OverrideMask([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type type) =>
        (Overrides(type, nameof(Malloc), [typeof(nuint), typeof(NextAllocator)]) ? 1 : 0)
        | (Overrides(type, nameof(Calloc), [typeof(nuint), typeof(nuint), typeof(NextAllocator)]) ? 2 : 0)
        | (Overrides(type, nameof(Realloc), [typeof(nint), typeof(nuint), typeof(NextAllocator)]) ? 4 : 0)
        | (Overrides(type, nameof(Free), [typeof(nint), typeof(NextAllocator)]) ? 8 : 0);

    private static bool Overrides(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type type, string name, Type[] parameters) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)?.DeclaringType != typeof(AllocatorHook);
}
