using System.Runtime.InteropServices;

namespace PyMemory.Interop.Layouts;

/// <summary><c>PyType_Spec</c> (<c>object.h</c>, the same in 3.8 to 3.14): what <c>PyType_FromSpec</c> builds a heap
/// type from. CPython keeps <see cref="name"/> as the type's <c>tp_name</c> without copying it (3.8 to 3.11), so the
/// string must outlive the type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyTypeSpec
{
    /// <summary><c>const char *name</c>: <c>"module.Name"</c>, UTF-8, NUL-terminated.</summary>
    public byte* name;

    /// <summary><c>int basicsize</c>: the size of an instance in bytes, the object head included.</summary>
    public int basicsize;

    /// <summary><c>int itemsize</c>: the size of one item of a variable-size object, or 0.</summary>
    public int itemsize;

    /// <summary><c>unsigned int flags</c>: <c>tp_flags</c>.</summary>
    public uint flags;

    /// <summary><c>PyType_Slot *slots</c>: terminated by a slot whose id is 0.</summary>
    public PyTypeSlot* slots;
}
