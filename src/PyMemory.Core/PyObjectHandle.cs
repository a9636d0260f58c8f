using System.Runtime.InteropServices;

namespace PyMemory;

/// <summary>
/// An owned strong reference to a Python object. Disposing it (or its finalizer) calls <c>Py_DecRef</c>: at once when
/// the thread holds the GIL, otherwise queued until PyMemory next holds it, and never once the interpreter is gone.
/// </summary>
/// <remarks>
/// Whether a raw pointer is a new or a borrowed reference is always explicit: <see cref="FromNewReference"/> takes
/// over a reference the caller owns, <see cref="FromBorrowedReference"/> adds one of its own.
/// </remarks>
public sealed class PyObjectHandle : SafeHandle
{
    /// <summary>Creates an invalid (empty) handle; used by P/Invoke marshalling.</summary>
    public PyObjectHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Takes ownership of a new (strong) reference, such as a C API function returns.</summary>
    /// <param name="reference">The <c>PyObject*</c>; not null.</param>
    /// <returns>A handle that will release that reference.</returns>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is zero.</exception>
    public static PyObjectHandle FromNewReference(nint reference)
    {
        if (reference == 0)
        {
            throw new ArgumentException("A Python object reference cannot be NULL.", nameof(reference));
        }

        var result = new PyObjectHandle();
        result.SetHandle(reference);
        return result;
    }

    /// <summary>Creates an owning handle from a borrowed reference by adding a reference (<c>Py_IncRef</c>).</summary>
    /// <param name="reference">The borrowed <c>PyObject*</c>; not null.</param>
    /// <returns>A handle that owns its own reference.</returns>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is zero.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static unsafe PyObjectHandle FromBorrowedReference(nint reference)
    {
        if (reference == 0)
        {
            throw new ArgumentException("A Python object reference cannot be NULL.", nameof(reference));
        }

        Gil.Require("Py_IncRef").Py_IncRef(reference);
        return FromNewReference(reference);
    }

    /// <summary>The <c>PyObject*</c>, for calls into the raw layer. Valid only while this handle is alive.</summary>
    /// <returns>The pointer.</returns>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public nint DangerousGetPointer()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        return handle;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Gil.Release(ReleaseKind.DecRef, handle);
        return true;
    }
}
