using PyMemory.Interop.Loading;

namespace PyMemory.ChildHost;

/// <summary>
/// Initializes Python and prints, one <c>key=value</c> per line, what was chosen and why, or the exception that
/// stopped it. Exit codes: 0 initialized, 3 <see cref="PythonLibraryLoadException"/>, 4 any other exception (which
/// the tests treat as a bug: bad input must give a clear PythonLibraryLoadException).
/// </summary>
internal static class RuntimeReport
{
    public const int LoadFailed = 3;
    public const int OtherFailure = 4;

    public static int Initialize(PythonRuntimeOptions? options)
    {
        try
        {
            PythonRuntime.Initialize(options);
        }
        catch (PythonLibraryLoadException e)
        {
            Console.WriteLine("exception=" + e.GetType().FullName);
            Console.WriteLine("candidates=" + e.Candidates.Count);
            foreach (PythonLibraryCandidate candidate in e.Candidates)
            {
                Console.WriteLine("candidate=" + candidate);
            }

            Console.WriteLine("message:");
            Console.WriteLine(e.Message);
            return LoadFailed;
        }
#pragma warning disable CA1031 // the point is to report any other exception type as a failure of the SDK
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.WriteLine("exception=" + e.GetType().FullName);
            Console.WriteLine(e);
            return OtherFailure;
        }

        PythonLibraryResolution resolution = PythonRuntime.Library;
        Console.WriteLine("rule=" + resolution.Rule);
        Console.WriteLine("path=" + resolution.Library.Path);
        Console.WriteLine("version=" + PythonRuntime.Version);
        Console.WriteLine("state=" + PythonRuntime.State);
        foreach (PythonLibraryCandidate candidate in resolution.Candidates)
        {
            Console.WriteLine("candidate=" + candidate);
        }

        using (GilScope.Enter())
        {
            // What the running interpreter itself says, to compare with what PyMemory parsed from Py_GetVersion.
            Console.WriteLine("sys-version=" + PyRun.EvalToString("'%d.%d.%d' % __import__('sys').version_info[:3]"));
        }

        return 0;
    }
}
