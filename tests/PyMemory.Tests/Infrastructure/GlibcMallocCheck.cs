namespace PyMemory.Tests;

/// <summary>glibc's malloc checking for a child process: its debugging malloc (libc_malloc_debug.so.0, glibc 2.34 and
/// later) preloaded with <c>MALLOC_CHECK_=3</c>, so that a corrupt chunk, a double free or the free of a pointer malloc
/// never gave aborts the child.</summary>
internal static class GlibcMallocCheck
{
    /// <summary>The library (Debian 12's path; <c>/lib</c> is a link to <c>/usr/lib</c> there).</summary>
    public const string Library = "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0";

    /// <summary>The child's environment: the checker, and <paramref name="pythonMalloc"/> as PYTHONMALLOC (<c>malloc</c>
    /// makes every Python block, of every domain, a checked glibc chunk).</summary>
    /// <param name="pythonMalloc">PYTHONMALLOC, or null to leave it unset.</param>
    /// <returns>The variables for <c>ChildProcess.Run</c>.</returns>
    public static Dictionary<string, string?> Environment(string? pythonMalloc = null)
    {
        File.Exists(Library).ShouldBeTrue("this test needs glibc's malloc debugging library at " + Library);
        return new() { ["LD_PRELOAD"] = Library, ["MALLOC_CHECK_"] = "3", ["PYTHONMALLOC"] = pythonMalloc };
    }
}
