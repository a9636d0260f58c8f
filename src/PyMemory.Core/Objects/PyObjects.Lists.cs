using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory;

public static unsafe partial class PyObjects
{
    /// <summary>Creates a list of <paramref name="length"/> empty slots (<c>PyList_New</c>): pre-sized, so filling it
    /// with <see cref="SetListItem"/> never reallocates.</summary>
    /// <remarks>The slots are NULL until set. Fill every slot before Python code sees the list: CPython crashes when
    /// Python code iterates over an unset slot. <see cref="GetListItem"/> refuses unset slots.</remarks>
    /// <param name="length">The number of slots; 0 or more.</param>
    /// <returns>The new list.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python could not allocate the list (MemoryError).</exception>
    public static PyObjectHandle NewList(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        PythonApi api = Gil.Require("PyList_New");
        return Own(api, api.PyList_New(length), "PyList_New");
    }

    /// <summary>Sets slot <paramref name="index"/> of a list to <paramref name="item"/>, releasing what the slot held.</summary>
    /// <remarks><c>PyList_SetItem</c> steals a reference; this method adds one first, so <paramref name="item"/> stays
    /// valid and owned by the caller, and the list holds its own reference (the item's count rises by one).</remarks>
    /// <param name="list">A list.</param>
    /// <param name="index">The slot, from 0 to the list's length minus 1.</param>
    /// <param name="item">The object to store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> or <paramref name="item"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="list"/> is not a list.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    /// <exception cref="ObjectDisposedException">A handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    /// <exception cref="PythonException">Python refused the store.</exception>
    public static void SetListItem(PyObjectHandle list, int index, PyObjectHandle item)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(item);
        using HandleUse l = list.Use("PyList_SetItem");
        using HandleUse o = item.Use("PyList_SetItem");
        RequireType(l, PyTypeFlags.Py_TPFLAGS_LIST_SUBCLASS, "list", nameof(list));
        CheckIndex(l.Api.PyList_Size(l.Pointer), index);
        l.Api.Py_IncRef(o.Pointer); // the list's own reference: PyList_SetItem steals it (even when it fails)
        if (l.Api.PyList_SetItem(l.Pointer, index, o.Pointer) != 0)
        {
            throw PythonException.TakePending(l.Api, "PyList_SetItem");
        }
    }

    /// <summary>Returns the object in slot <paramref name="index"/> of a list, with a reference of its own.</summary>
    /// <param name="list">A list.</param>
    /// <param name="index">The slot, from 0 to the list's length minus 1.</param>
    /// <returns>A new handle to the item (the list keeps its reference).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="list"/> is not a list.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    /// <exception cref="InvalidOperationException">The slot of a pre-sized list was never set.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static PyObjectHandle GetListItem(PyObjectHandle list, int index)
    {
        ArgumentNullException.ThrowIfNull(list);
        using HandleUse l = list.Use("PyList_GetItem");
        RequireType(l, PyTypeFlags.Py_TPFLAGS_LIST_SUBCLASS, "list", nameof(list));
        CheckIndex(l.Api.PyList_Size(l.Pointer), index);
        nint borrowed = l.Api.PyList_GetItem(l.Pointer, index);
        if (borrowed == 0)
        {
            throw new InvalidOperationException($"Slot {index} of this pre-sized list has not been set yet.");
        }

        return PyObjectHandle.FromBorrowedReference(borrowed);
    }

    /// <summary>The number of slots of a list (<c>len(list)</c>), set or not.</summary>
    /// <param name="list">A list.</param>
    /// <returns>The length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="list"/> is not a list.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    /// <exception cref="GilRequiredException">The current thread does not hold the GIL.</exception>
    public static int ListCount(PyObjectHandle list)
    {
        ArgumentNullException.ThrowIfNull(list);
        using HandleUse l = list.Use("PyList_Size");
        RequireType(l, PyTypeFlags.Py_TPFLAGS_LIST_SUBCLASS, "list", nameof(list));
        return checked((int)l.Api.PyList_Size(l.Pointer));
    }

    private static void CheckIndex(nint length, int index)
    {
        if (index < 0 || index >= length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {length} slots (0 to {length - 1}).");
        }
    }
}
