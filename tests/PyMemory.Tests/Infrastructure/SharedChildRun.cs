namespace PyMemory.Tests.Infrastructure;

/// <summary>
/// One run of a child scenario shared by the tests of a class: the first test that reads <see cref="Result"/> starts
/// it, and every test that reads it checks that the child exited 0 (so each failing test shows the child's output).
/// </summary>
internal sealed class SharedChildRun(string scenario)
{
    private readonly Lazy<ChildProcess.Result> _outcome = new(() => ChildProcess.Run(scenario));

    /// <summary>The child's output, after asserting its exit code is 0.</summary>
    public ChildProcess.Result Result
    {
        get
        {
            ChildProcess.Result result = _outcome.Value;
            result.ExitCode.ShouldBe(0, result.ToString());
            return result;
        }
    }
}
