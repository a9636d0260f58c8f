using Python.Runtime;

namespace PyMemory.PythonNet;

/// <summary>
/// Hands Python objects between PyMemory's <see cref="PyObjectHandle"/> and pythonnet's <see cref="PyObject"/> with
/// exact ownership. <c>To...</c> adds a reference for the new owner and leaves the source as it was; <c>Move...</c>
/// hands the source's reference over and leaves the source disposed. Every call needs the GIL (a
/// <see cref="GilScope"/> or <c>Py.GIL()</c>) and frees PyMemory's queued releases while it holds it.
/// </summary>
public static class PyObjectConversions
{
    /// <summary>A pythonnet object for the same Python object, owning a reference of its own: disposing either side
    /// leaves the other valid.</summary>
    /// <param name="handle">The handle; it stays valid.</param>
    /// <returns>The new <see cref="PyObject"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="handle"/> was disposed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="handle"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="NotSupportedException">This pythonnet is not a 3.2 release (its internal constructor moved).</exception>
    public static PyObject ToPyObject(this PyObjectHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        RequireGil("Py_IncRef");
        using HandleUse o = handle.Use("Py_IncRef"); // a concurrent Dispose cannot free it meanwhile
        return Own(PyObjectHandle.FromBorrowedReference(o.Pointer));
    }

    /// <summary>Hands the handle's reference to a new pythonnet object: afterwards the <see cref="PyObject"/> is the
    /// owner and <paramref name="handle"/> is closed (as disposed; disposing it again is harmless).</summary>
    /// <param name="handle">The handle; detached by the call.</param>
    /// <returns>The <see cref="PyObject"/> that now owns the reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="handle"/> was disposed or detached.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="handle"/> is empty (never assigned).</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    /// <exception cref="NotSupportedException">This pythonnet is not a 3.2 release (its internal constructor moved).</exception>
    public static PyObject MoveToPyObject(this PyObjectHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        RequireGil("PyObject");
        return Own(handle);
    }

    /// <summary>A PyMemory handle for the same Python object, owning a reference of its own: disposing either side
    /// leaves the other valid.</summary>
    /// <param name="value">The pythonnet object; it stays valid.</param>
    /// <returns>The new handle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="value"/> was disposed.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static PyObjectHandle ToHandle(this PyObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireGil("Py_IncRef");
        // PyObject.Handle is marked obsolete without a replacement: it is pythonnet 3.2's only public way to read the
        // pointer (borrowed: the count is unchanged).
#pragma warning disable CS0612
        nint pointer = value.Handle;
#pragma warning restore CS0612
        ObjectDisposedException.ThrowIf(pointer == 0, value);
        return PyObjectHandle.FromBorrowedReference(pointer);
    }

    /// <summary>Hands the pythonnet object's reference to a new PyMemory handle: afterwards the handle is the owner and
    /// <paramref name="value"/> is disposed.</summary>
    /// <param name="value">The pythonnet object; disposed by the call.</param>
    /// <returns>The handle that now owns the reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="value"/> was disposed.</exception>
    /// <exception cref="GilRequiredException">This thread does not hold the GIL.</exception>
    /// <exception cref="InterpreterFinalizedException">The interpreter was finalized.</exception>
    public static PyObjectHandle MoveToHandle(this PyObject value)
    {
        // pythonnet has no public way to give up a PyObject's reference: the handle adds its own, then the PyObject's
        // is released. The count is the same as before, with the handle the one owner.
        PyObjectHandle handle = ToHandle(value);
        value.Dispose();
        return handle;
    }

    /// <summary>Moves <paramref name="owner"/>'s reference into a new <see cref="PyObject"/>, or leaves it with the
    /// handle (and disposes that) when the PyObject cannot be made.</summary>
    private static PyObject Own(PyObjectHandle owner)
    {
        if (PythonNetInternals.StealingConstructor is null)
        {
            owner.Dispose(); // the handle's reference, not the caller's: a copy (ToPyObject) or the moved one is freed
            throw PythonNetInternals.Unsupported();
        }

        nint reference = owner.Detach();
        try
        {
            return PythonNetInternals.Steal(reference);
        }
        catch
        {
            PyObjectHandle.FromNewReference(reference).Dispose(); // the GIL is held: released now, not leaked
            throw;
        }
    }

    /// <summary>Checks the GIL (PyMemory's decision, which sees <c>Py.GIL()</c> too) and frees queued releases.</summary>
    private static void RequireGil(string functionName)
    {
        if (!GilScope.IsHeld)
        {
            throw new GilRequiredException(functionName);
        }

        if (PythonRuntime.PendingReleaseCount > 0)
        {
            _ = PythonRuntime.DrainPendingReleases();
        }
    }
}
