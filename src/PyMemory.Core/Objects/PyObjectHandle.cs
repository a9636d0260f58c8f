using System.Diagnostics;
using System.Runtime.InteropServices;
using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

/// <summary>
/// An owned strong reference to a Python object. Disposing it (or its finalizer) calls <c>Py_DecRef</c>: at once when
/// the thread holds the GIL, otherwise queued until PyMemory next holds it, and never once the interpreter is gone.
/// </summary>
/// <remarks>
/// Whether a raw pointer is a new or a borrowed reference is always explicit: <see cref="FromNewReference"/> takes
/// over a reference the caller owns, <see cref="FromBorrowedReference"/> adds one of its own. Every member that reads
/// the object checks the GIL first and throws <see cref="ObjectDisposedException"/> after disposal.
/// </remarks>
[DebuggerDisplay("PyObject 0x{handle,h}")] // never str(): the debugger may evaluate on a thread without the GIL
public sealed class PyObjectHandle : SafeHandle
{
    // Set when FromNewReference counts this handle as live. A handle that P/Invoke marshalling filled (through the
    // public constructor and SafeHandle's own SetHandle) was never counted, so its release must not be uncounted:
    // otherwise each one would drive LiveHandles' count one lower than the handles really alive.
    private bool _counted;

    // 1 once Detach has handed the reference over: a second Detach (on any thread) must not hand it over again.
    private int _detached;

    /// <summary>Creates an invalid (empty) handle; used by P/Invoke marshalling. A handle that marshalling fills is not
    /// counted by <see cref="Diagnostics.LiveHandles"/>.</summary>
    public PyObjectHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// The object's reference count, read the way the loaded version stores it: the whole <c>Py_ssize_t</c>
    /// <c>ob_refcnt</c> on 3.8 to 3.13, only its low 32 bits on 3.14 and later. Immortal objects report
    /// 4294967295 on 3.12 and 3.13 (see <see cref="PythonConstants.ImmortalRefCount"/>).
    /// </summary>
    /// <remarks>The 3.14 rule follows CPython's headers; it is not tested against a 3.14 library here.</remarks>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="NotSupportedException">The loaded Python is a free-threaded build, whose object header differs.</exception>
    public long RefCount
    {
        get
        {
            using HandleUse use = Use("Py_REFCNT");
            return RefCountLayout.For(use.Api.Version).RefCountOf(PyObjectLayout.ReadRefCountWord(use.Pointer));
        }
    }

    /// <summary>
    /// True when the object is immortal (its reference count never changes and it is never freed): never before
    /// 3.12; from 3.12 when the low 32 bits of <c>ob_refcnt</c>, read as a signed 32-bit integer, are negative.
    /// </summary>
    /// <remarks>The 3.14 rule (the same sign-bit test) follows CPython's headers; it is not tested against 3.14 here.</remarks>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="NotSupportedException">The loaded Python is a free-threaded build, whose object header differs.</exception>
    public bool IsImmortal
    {
        get
        {
            using HandleUse use = Use("_Py_IsImmortal");
            return RefCountLayout.For(use.Api.Version).IsImmortal(PyObjectLayout.ReadRefCountWord(use.Pointer));
        }
    }

    /// <summary>The name of the object's type, as <c>type(o).__name__</c> (<c>"list"</c>, <c>"NoneType"</c>).</summary>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public string TypeName
    {
        get
        {
            using HandleUse use = Use("Py_TYPE");
            return PyObjects.TypeName(PyObjectLayout.Py_TYPE(use.Pointer)) ?? "";
        }
    }

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
        result._counted = true;
        Diagnostics.LiveHandles.ObjectHandleCreated();
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

    /// <summary>
    /// Gives up this handle's reference without releasing it (no <c>Py_DecRef</c>) and returns the <c>PyObject*</c>:
    /// the caller now owns that reference and must release it, or hand it to an owner that steals it. The handle is
    /// closed afterwards (as if disposed: members throw <see cref="ObjectDisposedException"/>, Dispose is harmless) and
    /// no longer counted by <see cref="Diagnostics.LiveHandles"/>. Needs no GIL (nothing is called in Python).
    /// </summary>
    /// <remarks>Safe against a concurrent Dispose or Detach: exactly one of them owns the reference (a Dispose that
    /// loses the race releases nothing; a Detach that loses it throws).</remarks>
    /// <returns>The pointer, a new (strong) reference owned by the caller.</returns>
    /// <exception cref="ObjectDisposedException">The handle was disposed or detached.</exception>
    /// <exception cref="InvalidOperationException">The handle is empty (never assigned).</exception>
    public nint Detach()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (IsInvalid)
        {
            throw new InvalidOperationException("This PyObjectHandle is empty: it was never given a Python object.");
        }

        // The SafeHandle reference keeps a concurrent Dispose from releasing the object between the checks and
        // SetHandleAsInvalid; once marked invalid (closed), the last DangerousRelease releases nothing.
        bool added = false;
        DangerousAddRef(ref added); // throws ObjectDisposedException if disposed meanwhile
        try
        {
            if (Interlocked.Exchange(ref _detached, 1) != 0)
            {
                throw new ObjectDisposedException(nameof(PyObjectHandle), "This PyObjectHandle was already detached.");
            }

            nint pointer = handle;
            SetHandleAsInvalid();
            if (_counted)
            {
                Diagnostics.LiveHandles.ObjectHandleReleased();
            }

            return pointer;
        }
        finally
        {
            DangerousRelease();
        }
    }

    /// <summary>Returns <c>str(o)</c>, copied into a .NET string.</summary>
    /// <returns>The text.</returns>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="InvalidOperationException">The handle is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="PythonException"><c>str()</c> raised (for example a failing <c>__str__</c>); the Python error is cleared.</exception>
    public override string ToString()
    {
        using HandleUse use = Use("PyObject_Str");
        return PyObjects.Str(use.Api, use.Pointer);
    }

    /// <summary>
    /// Checks the handle and the GIL and adds a SafeHandle reference, so that a concurrent Dispose cannot release the
    /// object while it is being read; the returned <see cref="HandleUse"/> gives the reference back when disposed.
    /// </summary>
    /// <param name="functionName">The C function about to be called, for the <see cref="GilRequiredException"/>.</param>
    internal HandleUse Use(string functionName)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (IsInvalid)
        {
            throw new InvalidOperationException("This PyObjectHandle is empty: it was never given a Python object.");
        }

        PythonApi api = Gil.Require(functionName);
        bool added = false;
        DangerousAddRef(ref added); // throws ObjectDisposedException if disposed meanwhile
        return new HandleUse(this, api, handle);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        ReleaseRule.Release<ObjectReferences>(handle);
        if (_counted)
        {
            Diagnostics.LiveHandles.ObjectHandleReleased();
        }

        return true;
    }
}
