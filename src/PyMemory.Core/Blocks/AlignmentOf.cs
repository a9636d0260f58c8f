using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyMemory;

/// <summary>The runtime's alignment of an unmanaged type: a byte followed by a <typeparamref name="T"/> is padded
/// to exactly that alignment, so the padding (size minus the two fields' sizes plus one) tells it.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal static class AlignmentOf<T>
    where T : unmanaged
{
    public static readonly int Value = Unsafe.SizeOf<Probe>() - Unsafe.SizeOf<T>();

    [StructLayout(LayoutKind.Sequential)]
    private struct Probe
    {
        public byte Lead;
        public T Value;
    }
}
