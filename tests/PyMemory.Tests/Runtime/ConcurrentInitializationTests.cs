using PyMemory.Tests.Discovery;

namespace PyMemory.Tests.Runtime;

[Collection(UsesPython.Name)]
public class ConcurrentInitializationTests
{
    [Fact]
    public void Sixteen_threads_initializing_at_once_share_one_interpreter()
    {
        ChildProcess.Result result = ChildProcess.Run(
            "concurrent-initialize",
            new Dictionary<string, string?> { ["PYTHONNET_PYDLL"] = TestInterpreter.LibraryPath });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("succeeded").ShouldBe("16", result.ToString());
        result.Value("distinct-interpreters").ShouldBe("1");
        result.Value("counter").ShouldBe("16");
        result.Value("state").ShouldBe("Started");
    }
}
