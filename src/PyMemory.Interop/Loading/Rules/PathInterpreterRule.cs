namespace PyMemory.Interop.Loading.Rules;

/// <summary>Rule 6: the first <c>python3</c>, then the first <c>python</c>, on <c>PATH</c>, asked for its library
/// through sysconfig. Probed.</summary>
internal sealed class PathInterpreterRule(Func<string, string?> environment, InterpreterQuery query) : DiscoveryRule
{
    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.PathInterpreter;

    public override bool IsDecisive => false;

    public override IEnumerable<ProposedLibrary> Propose()
    {
        foreach (string interpreter in InterpretersOnPath())
        {
            InterpreterAnswer answer = query.Ask(interpreter);
            foreach (string path in answer.Libraries)
            {
                yield return new ProposedLibrary(path, $"'{interpreter}' on PATH reports it through sysconfig", answer.Executable ?? interpreter);
            }
        }
    }

    private IEnumerable<string> InterpretersOnPath()
    {
        string? path = environment("PATH");
        if (string.IsNullOrEmpty(path))
        {
            yield break;
        }

        string[] names = OperatingSystem.IsWindows() ? ["python3.exe", "python.exe"] : ["python3", "python"];
        foreach (string name in names)
        {
            foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    yield return candidate;
                    break; // the first on PATH is the one a shell would run
                }
            }
        }
    }
}
