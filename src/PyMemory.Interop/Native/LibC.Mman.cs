using System.Runtime.InteropServices;

namespace PyMemory.Interop.Native;

internal static unsafe partial class LibC
{
    /// <summary><c>PROT_READ</c> (Linux and macOS).</summary>
    internal const int PROT_READ = 0x1;

    /// <summary><c>PROT_WRITE</c> (Linux and macOS).</summary>
    internal const int PROT_WRITE = 0x2;

    /// <summary><c>PROT_EXEC</c> (Linux and macOS).</summary>
    internal const int PROT_EXEC = 0x4;

    /// <summary><c>MAP_PRIVATE</c> (Linux and macOS).</summary>
    internal const int MAP_PRIVATE = 0x02;

    /// <summary><c>MAP_ANONYMOUS</c>: 0x20 on Linux, 0x1000 (<c>MAP_ANON</c>) on macOS.</summary>
    internal static int MAP_ANONYMOUS => OperatingSystem.IsMacOS() ? 0x1000 : 0x20;

    /// <summary><c>MAP_FAILED</c>: <c>(void *)-1</c>.</summary>
    internal const nint MAP_FAILED = -1;

    /// <summary><c>void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    /// <summary><c>int mprotect(void *addr, size_t len, int prot)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "mprotect", SetLastError = true)]
    internal static partial int mprotect(nint addr, nuint len, int prot);

    /// <summary><c>int munmap(void *addr, size_t length)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "munmap")]
    internal static partial int munmap(nint addr, nuint length);
}
