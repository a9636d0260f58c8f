using PyMemory.Interop;
using PyMemory.Logging;

namespace PyMemory.Allocators;

// Replacing an allocator outright, which CPython allows only before the interpreter starts
// (PythonRuntime.Initialize calls this for PythonRuntimeOptions.ReplaceAllocators).
public static unsafe partial class PythonAllocators
{
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
        bool hadDebugHooks = AllocatorChain.Classify(AllocatorChain.LibraryBase(api), GetNative(api, domain), domain, out _) == AllocatorChain.Link.DebugHook;
        PyMemAllocatorEx native = allocator.ToNative();
        api.PyMem_SetAllocator((PyMemAllocatorDomain)domain, &native);
        if (debugHooks ?? hadDebugHooks)
        {
            api.PyMem_SetupDebugHooks();
        }

        PyMemoryLoggers.Allocators.AllocatorReplaced(domain, allocator.Context);
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
}
