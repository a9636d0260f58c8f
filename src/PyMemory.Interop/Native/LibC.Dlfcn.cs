using System.Runtime.InteropServices;

namespace PyMemory.Interop.Native;

internal static unsafe partial class LibC
{
    /// <summary><c>int dladdr(const void *addr, Dl_info *info)</c>: nonzero when <paramref name="addr"/> lies in a
    /// loaded shared object.</summary>
    [LibraryImport(Library, EntryPoint = "dladdr")]
    internal static partial int dladdr(void* addr, Dl_info* info);

    /// <summary>The base address (<see cref="Dl_info.dli_fbase"/>) of the shared object that contains
    /// <paramref name="address"/>, or zero when none does or the platform cannot tell.</summary>
    /// <param name="address">Any address: code, data or bss of a loaded object, or anything else.</param>
    /// <returns>The object's base address, or zero.</returns>
    internal static nint ObjectBase(nint address)
    {
        if (address == 0 || OperatingSystem.IsWindows())
        {
            return 0;
        }

        Dl_info info;
        try
        {
            return dladdr((void*)address, &info) != 0 ? info.dli_fbase : 0;
        }
        catch (EntryPointNotFoundException)
        {
            return 0; // very old glibc keeps dladdr in libdl only: the callers then just know less
        }
    }
}
