using System.Runtime.InteropServices;

namespace PyMemory.Interop.Layouts;

/// <summary><c>PyType_Slot</c> (<c>object.h</c>): one slot of a <see cref="PyTypeSpec"/>, an id of
/// <see cref="PyTypeSlotIds"/> and the function (or value) it sets.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyTypeSlot
{
    /// <summary><c>int slot</c>: the slot id; 0 ends the array.</summary>
    public int slot;

    /// <summary><c>void *pfunc</c>: the function pointer or value.</summary>
    public void* pfunc;
}
