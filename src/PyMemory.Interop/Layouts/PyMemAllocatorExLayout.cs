namespace PyMemory.Interop.Layouts;

/// <summary>
/// Byte offsets of the fields of <c>PyMemAllocatorEx</c> (<c>cpython/pymem.h</c>, the same in 3.8 to 3.14), under
/// their C names, for code that reaches them without the C# struct (machine code, for instance). Taken from
/// <see cref="PyMemAllocatorEx"/> itself, so they cannot drift from it: 0, 8, 16, 24 and 32 on 64-bit.
/// </summary>
internal static unsafe class PyMemAllocatorExLayout
{
    /// <summary><c>offsetof(PyMemAllocatorEx, ctx)</c>.</summary>
    public static int ctx
    {
        get
        {
            PyMemAllocatorEx s = default;
            return (int)((byte*)&s.ctx - (byte*)&s);
        }
    }

    /// <summary><c>offsetof(PyMemAllocatorEx, malloc)</c>.</summary>
    public static int malloc
    {
        get
        {
            PyMemAllocatorEx s = default;
            return (int)((byte*)&s.malloc - (byte*)&s);
        }
    }

    /// <summary><c>offsetof(PyMemAllocatorEx, calloc)</c>.</summary>
    public static int calloc
    {
        get
        {
            PyMemAllocatorEx s = default;
            return (int)((byte*)&s.calloc - (byte*)&s);
        }
    }

    /// <summary><c>offsetof(PyMemAllocatorEx, realloc)</c>.</summary>
    public static int realloc
    {
        get
        {
            PyMemAllocatorEx s = default;
            return (int)((byte*)&s.realloc - (byte*)&s);
        }
    }

    /// <summary><c>offsetof(PyMemAllocatorEx, free)</c>.</summary>
    public static int free
    {
        get
        {
            PyMemAllocatorEx s = default;
            return (int)((byte*)&s.free - (byte*)&s);
        }
    }

    /// <summary><c>sizeof(PyMemAllocatorEx)</c>: 40 on 64-bit.</summary>
    public static int Size => sizeof(PyMemAllocatorEx);
}
