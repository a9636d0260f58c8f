using System.Runtime.InteropServices;

namespace PyMemory.Interop.Native;

/// <summary><c>Dl_info</c> (<c>dlfcn.h</c>), which <see cref="LibC.dladdr"/> fills.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Dl_info
{
    /// <summary><c>const char *dli_fname</c>: path of the shared object.</summary>
    public nint dli_fname;

    /// <summary><c>void *dli_fbase</c>: the address it is loaded at.</summary>
    public nint dli_fbase;

    /// <summary><c>const char *dli_sname</c>: the nearest symbol's name, or NULL.</summary>
    public nint dli_sname;

    /// <summary><c>void *dli_saddr</c>: the nearest symbol's address, or NULL.</summary>
    public nint dli_saddr;
}
