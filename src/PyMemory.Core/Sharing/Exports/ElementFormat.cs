using System.Runtime.InteropServices;
using System.Text;

namespace PyMemory;

/// <summary>
/// The struct-module format character of the element types a typed export accepts, each a NUL-terminated native string
/// made once and never freed (a <c>Py_buffer</c> hands out the pointer, and views may outlive any one export). The
/// characters use native size and byte order (no prefix), as .NET lays the types out: <c>B b h H i I q Q n N e f d ?</c>.
/// </summary>
internal static unsafe class ElementFormat
{
    private static readonly Dictionary<Type, char> Codes = new()
    {
        [typeof(byte)] = 'B',
        [typeof(sbyte)] = 'b',
        [typeof(short)] = 'h',
        [typeof(ushort)] = 'H',
        [typeof(int)] = 'i',
        [typeof(uint)] = 'I',
        [typeof(long)] = 'q',
        [typeof(ulong)] = 'Q',
        [typeof(nint)] = 'n',
        [typeof(nuint)] = 'N',
        [typeof(Half)] = 'e',
        [typeof(float)] = 'f',
        [typeof(double)] = 'd',
        [typeof(bool)] = '?',
    };

    /// <summary>The format of unsigned bytes, for untyped exports.</summary>
    public static byte* Bytes => Of<byte>.Pointer;

    /// <summary>The format string of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns>The NUL-terminated format.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no struct-module format.</exception>
    public static byte* For<T>()
        where T : unmanaged => Of<T>.Pointer != null
            ? Of<T>.Pointer
            : throw new NotSupportedException(
                $"{typeof(T).Name} has no struct-module format character; a typed export takes byte, sbyte, short, ushort, int, uint, long, ulong, nint, nuint, Half, float, double or bool.");

    /// <summary>The element type's format, made when first asked for.</summary>
    private static class Of<T>
        where T : unmanaged
    {
        public static readonly byte* Pointer = Make(typeof(T));

        private static byte* Make(Type type)
        {
            if (!Codes.TryGetValue(type, out char code))
            {
                return null;
            }

            var text = (byte*)NativeMemory.Alloc(2);
            text[0] = (byte)code;
            text[1] = 0;
            return text;
        }
    }

    /// <summary>The format as text, for messages and tests.</summary>
    /// <param name="format">A NUL-terminated format.</param>
    /// <returns>The characters.</returns>
    public static string Text(byte* format) => Encoding.ASCII.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(format));
}
