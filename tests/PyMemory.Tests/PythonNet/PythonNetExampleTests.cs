namespace PyMemory.Tests.PythonNet;

/// <summary>The complete program of docs/pythonnet.md runs, in a child process, with the output the page shows.</summary>
[Collection(UsesPython.Name)]
public class PythonNetExampleTests
{
    [Fact]
    public void The_documented_program_runs_and_prints_what_the_docs_say()
    {
        ChildProcess.Result result = ChildProcess.Run("pythonnet-example");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdErr.ShouldBeEmpty(result.ToString());
        if (BridgeExpectation.PythonNetRuns)
        {
            result.StdOut.ShouldContain(": PythonNet\n", Case.Sensitive);
            result.StdOut.ShouldContain("len = 5, refcount = 2\nmade by pythonnet\nmoved = 42\ntotal = 28\n", Case.Sensitive, result.ToString());
            result.StdOut.ShouldContain("finalized = True", Case.Sensitive);
        }
        else
        {
            result.StdOut.ShouldContain(": PyMemoryOnly\nPyMemory only\n", Case.Sensitive, result.ToString());
        }
    }
}
