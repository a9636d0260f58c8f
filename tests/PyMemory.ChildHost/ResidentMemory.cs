using System.Runtime.InteropServices;

namespace PyMemory.ChildHost;

/// <summary>
/// This process's resident set size, read from <c>/proc/self/statm</c> through libc with a stack buffer: it allocates
/// nothing on the managed heap, so watching memory does not itself bring garbage collections.
/// </summary>
internal static unsafe partial class ResidentMemory
{
    private static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>The resident set size in bytes.</summary>
    /// <exception cref="IOException">/proc/self/statm cannot be read.</exception>
    public static long Bytes()
    {
        byte* path = stackalloc byte[] { (byte)'/', (byte)'p', (byte)'r', (byte)'o', (byte)'c', (byte)'/', (byte)'s', (byte)'e', (byte)'l', (byte)'f', (byte)'/', (byte)'s', (byte)'t', (byte)'a', (byte)'t', (byte)'m', 0 };
        int fd = Open(path, 0);
        if (fd < 0)
        {
            throw new IOException("cannot open /proc/self/statm");
        }

        byte* text = stackalloc byte[128];
        nint read = Read(fd, text, 128);
        _ = Close(fd);
        if (read <= 0)
        {
            throw new IOException("cannot read /proc/self/statm");
        }

        // "size resident shared ...", in pages: the second number.
        int i = 0;
        while (i < read && text[i] != (byte)' ')
        {
            i++;
        }

        long pages = 0;
        for (i++; i < read && text[i] >= (byte)'0' && text[i] <= (byte)'9'; i++)
        {
            pages = (pages * 10) + (text[i] - (byte)'0');
        }

        return pages * PageSize;
    }

    [LibraryImport("libc", EntryPoint = "open")]
    private static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    private static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
