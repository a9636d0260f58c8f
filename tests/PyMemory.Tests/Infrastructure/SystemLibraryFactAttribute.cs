namespace PyMemory.Tests.Infrastructure;

/// <summary>A test that needs a supported libpython in the dynamic linker's default folders
/// (<see cref="InstalledPythons.SystemLibrary"/>); reported as skipped, naming what to install, on a machine without.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SystemLibraryFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the system has no libpython3.X.so.1.0.</summary>
    public SystemLibraryFactAttribute()
    {
        if (InstalledPythons.SystemLibrary() is null)
        {
            Skip = "needs the system Python's shared library (Debian/Ubuntu: the libpython3.X package) in /usr/lib";
        }
    }
}
