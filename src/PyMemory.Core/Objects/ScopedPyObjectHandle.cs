using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PyMemory.Interop.Layouts;

namespace PyMemory;

/// <summary>
/// An owned strong reference to a Python object, for the duration of one method: the scoped twin of
/// <see cref="PyObjectHandle"/>, as <see cref="ScopedRawBlock"/> is of <see cref="RawBlock"/>. It costs no handle object
/// and no finalizer, so making and disposing one allocates nothing on the .NET heap: for hot paths such as exporting a
/// buffer to Python for one call (<see cref="PythonBuffer.ExportScoped(NativeBlock)"/>).
/// </summary>
/// <remarks>
/// <para>Use it with <c>using</c>: <c>using ScopedPyObjectHandle view = PythonBuffer.ExportScoped(block);</c>. Disposing
/// releases the reference by the rule of <see cref="PyObjectHandle"/>: <c>Py_DecRef</c> at once when this thread holds
/// the GIL, otherwise queued until PyMemory next holds it, and never once the interpreter is finalized. Python's own
/// references are not affected: an object that Python still holds (a memoryview of an export kept in a list) lives on.</para>
/// <para>The reference is released exactly once, also when a copy of the struct (<c>var b = a;</c>, or passing it by
/// value) is disposed too: after either is disposed, every member of both throws <see cref="ObjectDisposedException"/>,
/// and a second <see cref="Dispose"/> does nothing. There is no finalizer: a handle that is never disposed leaks its
/// reference (and an export's memory stays pinned). Not counted by <see cref="Diagnostics.LiveHandles"/>, as the scoped
/// blocks are not. To keep the object beyond the method, or to pass it to an API that takes a
/// <see cref="PyObjectHandle"/>, take one with <see cref="ToHandle"/>.</para>
/// </remarks>
public readonly unsafe ref struct ScopedPyObjectHandle : IDisposable
{
    private readonly ReferenceSlot* _slot;
    private readonly ulong _generation;

    // The creating thread's GIL state (a ref struct never leaves its thread): while a PyMemory scope holds the GIL
    // there, Dispose releases without looking the thread up again.
    private readonly ThreadGilState? _thread;

    private ScopedPyObjectHandle(ReferenceSlot* slot, ThreadGilState? thread)
    {
        _slot = slot;
        _generation = slot->Generation;
        _thread = thread;
    }

    /// <summary>True once this handle or a copy of it was disposed, and for a default instance, which owns nothing.</summary>
    public bool IsDisposed => _slot == null || _slot->Generation != _generation;

    /// <summary>The name of the object's type, as <c>type(o).__name__</c>.</summary>
    /// <exception cref="ObjectDisposedException">The handle (or a copy of it) was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is <c>default</c> (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public string TypeName
    {
        get
        {
            nint o = Live()->Object;
            _ = Gil.Require("Py_TYPE");
            return PyObjects.TypeName(PyObjectLayout.Py_TYPE(o)) ?? "";
        }
    }

    /// <summary>Takes ownership of a new (strong) reference, such as a C API function returns. Needs no GIL.</summary>
    /// <param name="reference">The <c>PyObject*</c>; not null.</param>
    /// <returns>A handle that will release that reference.</returns>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is zero.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScopedPyObjectHandle FromNewReference(nint reference)
    {
        if (reference == 0)
        {
            ThrowNull(nameof(reference));
        }

        ReferenceSlot* slot = ThreadSlots<ReferenceSlot>.Rent();
        slot->Object = reference;
        return new ScopedPyObjectHandle(slot, ThreadGilState.CurrentOrNull);
    }

    /// <summary>Creates an owning handle from a borrowed reference by adding a reference (<c>Py_IncRef</c>).</summary>
    /// <param name="reference">The borrowed <c>PyObject*</c>; not null.</param>
    /// <returns>A handle that owns its own reference.</returns>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is zero.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static ScopedPyObjectHandle FromBorrowedReference(nint reference)
    {
        if (reference == 0)
        {
            ThrowNull(nameof(reference));
        }

        Gil.Require("Py_IncRef").Py_IncRef(reference);
        return FromNewReference(reference);
    }

    /// <summary>The <c>PyObject*</c>, for calls into the raw layer. Valid only until this handle is disposed.</summary>
    /// <returns>The pointer.</returns>
    /// <exception cref="ObjectDisposedException">The handle (or a copy of it) was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is <c>default</c> (never given an object).</exception>
    public nint DangerousGetPointer() => Live()->Object;

    /// <summary>A <see cref="PyObjectHandle"/> with a reference of its own (<c>Py_IncRef</c>), to keep the object past
    /// this method or to pass it to an API that takes handles. This handle stays valid and still needs disposing.</summary>
    /// <returns>The new handle; the caller disposes it.</returns>
    /// <exception cref="ObjectDisposedException">The handle (or a copy of it) was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is <c>default</c> (never given an object).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public PyObjectHandle ToHandle() => PyObjectHandle.FromBorrowedReference(Live()->Object);

    /// <summary>Releases the reference (see the remarks); at most once for this handle and all its copies. Never throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        ReferenceSlot* slot = _slot;
        if (slot == null || slot->Generation != _generation)
        {
            return;
        }

        // The slot goes back before the release: a Py_DecRef can run Python code (__del__, a weakref callback) that
        // makes scoped handles of its own on this thread, and this one no longer needs the slot.
        nint o = slot->Object;
        slot->Object = 0;
        slot->Generation++;
        ThreadSlots<ReferenceSlot>.Return(slot);
        ReleaseRule.ReleaseOnThread<ObjectReferences>(o, _thread);
    }

    private ReferenceSlot* Live()
    {
        ReferenceSlot* slot = _slot;
        if (slot == null)
        {
            throw new InvalidOperationException("This ScopedPyObjectHandle is default: it was never given a Python object.");
        }

        if (slot->Generation != _generation)
        {
            throw new ObjectDisposedException(nameof(ScopedPyObjectHandle), "This ScopedPyObjectHandle was disposed (or a copy of it was).");
        }

        return slot;
    }

    [DoesNotReturn]
    private static void ThrowNull(string parameterName) =>
        throw new ArgumentException("A Python object reference cannot be NULL.", parameterName);
}
