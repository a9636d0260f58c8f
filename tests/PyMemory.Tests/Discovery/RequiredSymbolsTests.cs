using PyMemory.Interop;
using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Discovery;

/// <summary>
/// The one list of required symbols: the loader checks candidates against it (<see cref="LibraryInspector"/>) and
/// PythonApi binds exactly the symbols it lists as required.
/// </summary>
[Collection(UsesPython.Name)]
public class RequiredSymbolsTests
{
    [Fact]
    public void The_binding_requires_exactly_the_listed_symbols_each_once()
    {
        List<string> bound = PythonApi.RequiredByBinding();

        bound.ShouldBeUnique();
        RequiredSymbols.Names.ShouldBeUnique();
        bound.ShouldBe(RequiredSymbols.Names, ignoreOrder: true);
    }

    [Fact]
    public void Missing_symbols_are_reported_by_their_current_names_in_the_lists_order()
    {
        string[] absent = ["PyMem_RawFree", "PyTraceMalloc_Track", "Py_IsFinalizing"];

        List<string> missing = RequiredSymbols.MissingFrom(name => RequiredSymbols.Names.Contains(name) && !absent.Contains(name));

        missing.ShouldBe(RequiredSymbols.Names.Where(absent.Contains).ToList());
        missing.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("Py_IsFinalizing", "_Py_IsFinalizing")]
    [InlineData("PyThreadState_GetUnchecked", "_PyThreadState_UncheckedGet")]
    public void A_renamed_symbol_counts_under_its_former_name(string current, string former)
    {
        // The library exports every listed symbol except this one, under its current name.
        bool OthersOnly(string name) => RequiredSymbols.Names.Contains(name) && name != current;

        RequiredSymbols.MissingFrom(OthersOnly).ShouldBe([current]);
        RequiredSymbols.MissingFrom(name => OthersOnly(name) || name == former).ShouldBeEmpty();
    }

    [Fact]
    public void The_library_under_test_passes_inspection_with_the_version_the_runtime_reports()
    {
        DynamicLinker.TryOpenPrivate(TestInterpreter.LibraryPath, out nint handle, out string? error).ShouldBeTrue(error);
        try
        {
            LibraryInspector.TryInspect(TestInterpreter.LibraryPath, handle, out PythonVersion version, out string text, out string failure)
                .ShouldBeTrue(failure);
            version.ShouldBe(PythonRuntime.Version);
            text.ShouldStartWith($"{version.Major}.{version.Minor}.{version.Micro}");
        }
        finally
        {
            DynamicLinker.Close(handle);
        }
    }

    [Fact]
    public void A_library_that_is_not_CPython_fails_inspection_with_the_reason()
    {
        DynamicLinker.TryOpenPrivate("libz.so.1", out nint handle, out string? error).ShouldBeTrue(error);
        try
        {
            LibraryInspector.TryInspect("libz.so.1", handle, out _, out _, out string failure).ShouldBeFalse();
            failure.ShouldBe("not a CPython library (it does not export Py_GetVersion)");
        }
        finally
        {
            DynamicLinker.Close(handle);
        }
    }

    [Fact]
    public void PythonApi_refuses_a_null_library()
    {
        Should.Throw<ArgumentNullException>(() => new PythonApi(null!)).ParamName.ShouldBe("library");
    }
}
