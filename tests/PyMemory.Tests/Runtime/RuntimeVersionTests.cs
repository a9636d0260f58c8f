using System.Text.RegularExpressions;
using PyMemory.Tests.Discovery;

namespace PyMemory.Tests.Runtime;

[Collection(UsesPython.Name)]
public partial class RuntimeVersionTests
{
    [Fact]
    public void Version_matches_what_the_python_executable_reports()
    {

        string reported = TestInterpreter.RunExecutable("-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])");

        PythonRuntime.Version.ToString().ShouldBe(reported);
        PythonRuntime.Version.IsFreeThreaded.ShouldBeFalse();
    }

    [Fact]
    public void Version_matches_the_pyenv_folder_name_when_the_library_comes_from_pyenv()
    {
        Match folder = PyenvFolder().Match(PythonRuntime.Library.Library.Path);

        if (folder.Success)
        {
            PythonRuntime.Version.ToString().ShouldBe(folder.Groups[1].Value);
        }
        else
        {
            // Not a pyenv install (the system Python): the version must then match its own sys.version_info.
            using GilScope gil = GilScope.Enter();
            PythonRuntime.Version.ToString().ShouldBe(PyRun.EvalToString("'%d.%d.%d' % __import__('sys').version_info[:3]"));
        }
    }

    [Fact]
    public void Version_in_a_fresh_process_matches_the_running_interpreter()
    {
        ChildProcess.Result result = ChildProcess.Run("initialize-path", null, TestInterpreter.LibraryPath);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Value("rule").ShouldBe("ExplicitPath");
        result.Value("version").ShouldBe(result.Value("sys-version"), result.ToString());
        result.Value("version").ShouldBe(PythonRuntime.Version.ToString());
    }

    [GeneratedRegex(@"/versions/(\d+\.\d+\.\d+)/")]
    private static partial Regex PyenvFolder();
}
