namespace PyMemory.Tests.Runtime;

[Collection(UsesPython.Name)]
public class ExtensionModuleTests
{
    [Fact]
    public void C_extension_modules_import_in_the_embedded_interpreter()
    {
        ChildProcess.Result result = ChildProcess.Run("extension-modules");

        result.ExitCode.ShouldBe(0, result.ToString());
        // decimal is backed by _decimal (a C module) only when extension modules can resolve libpython's symbols.
        result.StdOut.Trim().ShouldBe("True builtin_function_or_method", result.ToString());
    }

    [Fact]
    public void C_extension_modules_import_in_the_test_process()
    {
        using GilScope gil = GilScope.Enter();

        PyRun.Exec("import _struct, _json, decimal, sqlite3, ctypes");

        PyRun.EvalToString("type(_json.scanstring).__name__").ShouldBe("builtin_function_or_method");
        PyRun.EvalToString("ctypes.sizeof(ctypes.c_void_p)").ShouldBe("8");
    }
}
