using System.Runtime.InteropServices;

namespace PyMemory.Interop.Loading;

/// <summary>
/// The platform's dynamic linker. libpython must be opened with <c>RTLD_NOW | RTLD_GLOBAL</c> on Linux and
/// macOS: <see cref="NativeLibrary.Load(string)"/> uses <c>RTLD_LOCAL</c>, and then every C extension module
/// fails to resolve the interpreter's symbols and Python silently falls back to slow pure-Python modules.
/// </summary>
internal static unsafe class DynamicLinker
{
    private const int RtldLazy = 0x1;
    private const int RtldNow = 0x2;
    private const int RtldNoLoad = 0x4;

    private static readonly delegate* unmanaged<byte*, int, nint> DlOpen;
    private static readonly delegate* unmanaged<nint, int> DlClose;
    private static readonly delegate* unmanaged<byte*> DlError;

    static DynamicLinker()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // glibc 2.34 and later export dlopen from libc itself; older ones from libdl.
        string[] hosts = OperatingSystem.IsMacOS()
            ? ["/usr/lib/libSystem.B.dylib"]
            : ["libc.so.6", "libdl.so.2", "libc"];
        foreach (string host in hosts)
        {
            if (NativeLibrary.TryLoad(host, out nint lib)
                && NativeLibrary.TryGetExport(lib, "dlopen", out nint open)
                && NativeLibrary.TryGetExport(lib, "dlclose", out nint close)
                && NativeLibrary.TryGetExport(lib, "dlerror", out nint error))
            {
                DlOpen = (delegate* unmanaged<byte*, int, nint>)open;
                DlClose = (delegate* unmanaged<nint, int>)close;
                DlError = (delegate* unmanaged<byte*>)error;
                return;
            }
        }
    }

    private static int RtldGlobal => OperatingSystem.IsMacOS() ? 0x8 : 0x100;

    /// <summary>Opens a library privately and lazily, to inspect it without exposing its symbols to others.</summary>
    public static bool TryOpenPrivate(string path, out nint handle, out string? error) =>
        TryOpen(path, RtldLazy, out handle, out error);

    /// <summary>Opens (or promotes) a library with RTLD_NOW | RTLD_GLOBAL.</summary>
    public static bool TryOpenGlobal(string path, out nint handle, out string? error) =>
        TryOpen(path, RtldNow | RtldGlobal, out handle, out error);

    /// <summary>True when the library is already mapped into the process (RTLD_NOLOAD), without loading it.</summary>
    public static bool IsLoaded(string path)
    {
        if (!TryOpen(path, RtldLazy | RtldNoLoad, out nint handle, out _))
        {
            return false;
        }

        Close(handle);
        return true;
    }

    public static void Close(nint handle)
    {
        if (handle == 0)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            NativeLibrary.Free(handle);
        }
        else if (DlClose != null)
        {
            _ = DlClose(handle);
        }
    }

    private static bool TryOpen(string path, int flags, out nint handle, out string? error)
    {
        if (OperatingSystem.IsWindows())
        {
            error = null;
            if (NativeLibrary.TryLoad(path, out handle))
            {
                return true;
            }

            error = "LoadLibrary failed (Windows error " + Marshal.GetLastPInvokeError() + ")";
            return false;
        }

        if (DlOpen == null)
        {
            handle = 0;
            error = "the dynamic linker's dlopen could not be found in libc or libdl";
            return false;
        }

        _ = DlError(); // clear any stale error
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = utf8)
        {
            handle = DlOpen(p, flags);
        }

        if (handle != 0)
        {
            error = null;
            return true;
        }

        byte* message = DlError();
        error = message == null ? "dlopen failed" : Marshal.PtrToStringUTF8((nint)message);
        return false;
    }
}
