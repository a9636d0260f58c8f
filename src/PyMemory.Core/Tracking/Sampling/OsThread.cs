using System.Runtime.InteropServices;

namespace PyMemory.Tracking.Sampling;

/// <summary>The calling thread's operating-system id, read once per thread (a sample needs it without a system call).</summary>
internal static partial class OsThread
{
    [ThreadStatic]
    private static int t_id;

    /// <summary>Linux <c>gettid()</c> of the calling thread; 0 where it cannot be read.</summary>
    public static int CurrentId
    {
        get
        {
            int id = t_id;
            if (id == 0)
            {
                t_id = id = Read();
            }

            return id;
        }
    }

    private static int Read()
    {
        try
        {
            return OperatingSystem.IsLinux() ? gettid() : 0;
        }
        catch (EntryPointNotFoundException)
        {
            return 0; // glibc before 2.30 has no gettid wrapper: the sites then show only the managed id
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int gettid();
}
