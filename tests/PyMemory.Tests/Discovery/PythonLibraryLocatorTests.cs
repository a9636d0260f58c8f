using PyMemory.Interop.Loading;

namespace PyMemory.Tests.Discovery;

/// <summary>
/// The order and decisiveness of the discovery rules, with the locator's inputs (environment, loaded libraries,
/// pythonnet's property, well-known locations) replaced. Every library that is actually opened is the one this
/// process already runs, so no second libpython is loaded here; the real process paths are proven in
/// <see cref="DiscoveryProcessTests"/>.
/// </summary>
[Collection(UsesPython.Name)]
public class PythonLibraryLocatorTests
{
    private const string Missing = "/nonexistent/pymemory/libpython3.12.so";

    private static string Good => TestInterpreter.LibraryPath;

    private static PythonLibraryLocator Locator(
        Dictionary<string, string>? environment = null,
        string[]? loaded = null,
        string? pythonNet = null,
        string[]? wellKnown = null) =>
        new(
            name => environment?.GetValueOrDefault(name),
            () => loaded ?? [],
            () => pythonNet,
            () => wellKnown ?? []);

    [Fact]
    public void Explicit_path_wins_over_every_other_rule()
    {
        PythonLibraryResolution found = Locator(
            new() { ["PYTHONNET_PYDLL"] = Missing, ["VIRTUAL_ENV"] = "/nonexistent/venv" },
            loaded: [Missing],
            pythonNet: Missing).Locate(Good);

        found.Rule.ShouldBe(PythonDiscoveryRule.ExplicitPath);
        found.Library.Path.ShouldBe(Good);
        found.Candidates.ShouldHaveSingleItem().Outcome.ShouldBe("loaded");
    }

    [Fact]
    public void Bad_explicit_path_fails_without_trying_other_rules()
    {
        PythonLibraryLoadException e = Should.Throw<PythonLibraryLoadException>(
            () => Locator(new() { ["PYTHONNET_PYDLL"] = Good }, loaded: [Good], wellKnown: [Good]).Locate(Missing));

        e.Candidates.ShouldHaveSingleItem().Rule.ShouldBe(PythonDiscoveryRule.ExplicitPath);
        e.Message.ShouldContain(Missing);
        e.Message.ShouldContain("file not found");
        e.Message.ShouldContain("named for PyMemory is not usable");
    }

    [Fact]
    public void Pythonnet_variable_is_used_when_no_path_is_given()
    {
        PythonLibraryResolution found = Locator(new() { ["PYTHONNET_PYDLL"] = Good }, loaded: [Missing]).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.PythonNetEnvironmentVariable);
        found.Library.Path.ShouldBe(Good);
        found.Reason.ShouldContain("PYTHONNET_PYDLL");
    }

    [Fact]
    public void Bad_pythonnet_variable_fails_decisively_instead_of_falling_through_to_a_loaded_library()
    {
        PythonLibraryLoadException e = Should.Throw<PythonLibraryLoadException>(
            () => Locator(new() { ["PYTHONNET_PYDLL"] = Missing }, loaded: [Good], pythonNet: Good, wellKnown: [Good]).Locate());

        PythonLibraryCandidate only = e.Candidates.ShouldHaveSingleItem();
        only.Rule.ShouldBe(PythonDiscoveryRule.PythonNetEnvironmentVariable);
        only.Path.ShouldBe(Missing);
        e.Message.ShouldContain($"[PythonNetEnvironmentVariable] {Missing}: file not found");
        e.Message.ShouldContain("PYTHONNET_PYDLL");
    }

    [Fact]
    public void Blank_pythonnet_variable_is_ignored()
    {
        PythonLibraryResolution found = Locator(new() { ["PYTHONNET_PYDLL"] = "  " }, loaded: [Good]).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.AlreadyLoaded);
    }

    [Fact]
    public void Pythonnet_variable_wins_over_pythonnet_property()
    {
        PythonLibraryResolution found = Locator(new() { ["PYTHONNET_PYDLL"] = Good }, pythonNet: Missing).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.PythonNetEnvironmentVariable);
    }

    [Fact]
    public void Pythonnet_property_is_used_when_the_variable_is_unset()
    {
        PythonLibraryResolution found = Locator(loaded: [Missing], pythonNet: Good).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.PythonNetRuntimeProperty);
        found.Candidates.ShouldHaveSingleItem();
    }

    [Fact]
    public void Bad_pythonnet_property_fails_decisively()
    {
        PythonLibraryLoadException e = Should.Throw<PythonLibraryLoadException>(
            () => Locator(loaded: [Good], pythonNet: Missing).Locate());

        e.Candidates.ShouldHaveSingleItem().Rule.ShouldBe(PythonDiscoveryRule.PythonNetRuntimeProperty);
    }

    [Fact]
    public void Already_loaded_library_comes_before_virtual_environment_path_and_well_known_locations()
    {
        using var bin = new TempDirectory();
        PythonLibraryResolution found = Locator(
            new() { ["VIRTUAL_ENV"] = bin.Path, ["PATH"] = bin.Path },
            loaded: [Good],
            wellKnown: [Missing]).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.AlreadyLoaded);
        found.Candidates.ShouldHaveSingleItem().Path.ShouldBe(Good);
    }

    [Fact]
    public void Probed_rules_fall_through_to_the_next_candidate_and_record_the_rejected_ones()
    {
        using var dir = new TempDirectory();
        string text = dir.WriteFile("libpython3.99.so", "not a library");

        PythonLibraryResolution found = Locator(loaded: [Missing, text], wellKnown: [Good]).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.WellKnownLocation);
        found.Candidates.Select(c => (c.Rule, c.Path)).ShouldBe(
        [
            (PythonDiscoveryRule.AlreadyLoaded, Missing),
            (PythonDiscoveryRule.AlreadyLoaded, text),
            (PythonDiscoveryRule.WellKnownLocation, Good),
        ]);
        found.Candidates[0].Outcome.ShouldBe("file not found");
        found.Candidates[1].Outcome.ShouldStartWith("cannot be loaded");
        found.Candidates[2].Outcome.ShouldBe("loaded");
    }

    [Fact]
    public void The_same_path_proposed_by_two_rules_is_tried_once()
    {
        Should.Throw<PythonLibraryLoadException>(() => Locator(loaded: [Missing, Missing], wellKnown: [Missing]).Locate())
            .Candidates.ShouldHaveSingleItem();
    }

    [Fact]
    public void Virtual_environment_without_an_interpreter_uses_pyvenv_cfg_home()
    {
        // A prefix laid out as a Unix install (bin/ and lib/ side by side) whose library is the one this process runs;
        // the venv has no bin/python, so only its pyvenv.cfg can lead to it.
        using var root = new TempDirectory();
        string minor = TestInterpreter.MinorVersion;
        Directory.CreateDirectory(root.Combine("base", "bin"));
        Directory.CreateDirectory(root.Combine("base", "lib"));
        string library = root.Combine("base", "lib", $"libpython{minor}.so.1.0");
        File.CreateSymbolicLink(library, TestInterpreter.RealPath(Good));
        root.WriteFile(Path.Combine("venv", "pyvenv.cfg"), $"home = {root.Combine("base", "bin")}\ninclude-system-site-packages = false\nversion = {minor}.0\n");

        PythonLibraryResolution found = Locator(new() { ["VIRTUAL_ENV"] = root.Combine("venv") }).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.VirtualEnvironment);
        found.Library.Path.ShouldBe(library);
        found.Reason.ShouldContain(root.Combine("venv"));
    }

    [Fact]
    public void Virtual_environment_pyvenv_cfg_home_also_leads_to_the_multiarch_folder()
    {
        // Debian's layout: home = /usr/bin, library in /usr/lib/x86_64-linux-gnu.
        using var root = new TempDirectory();
        string minor = TestInterpreter.MinorVersion;
        Directory.CreateDirectory(root.Combine("usr", "bin"));
        Directory.CreateDirectory(root.Combine("usr", "lib", "x86_64-linux-gnu"));
        string library = root.Combine("usr", "lib", "x86_64-linux-gnu", $"libpython{minor}.so.1.0");
        File.CreateSymbolicLink(library, TestInterpreter.RealPath(Good));
        root.WriteFile(Path.Combine("venv", "pyvenv.cfg"), $"home = {root.Combine("usr", "bin")}\nversion = {minor}.2\n");

        PythonLibraryResolution found = Locator(new() { ["VIRTUAL_ENV"] = root.Combine("venv") }).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.VirtualEnvironment);
        found.Library.Path.ShouldBe(library);
        found.Candidates.Count.ShouldBe(3, "the two names in lib/ are tried first");
    }

    [Fact]
    public void Pythonnet_venv_variable_is_read_before_VIRTUAL_ENV()
    {
        using var root = new TempDirectory();
        string minor = TestInterpreter.MinorVersion;
        Directory.CreateDirectory(root.Combine("base", "bin"));
        Directory.CreateDirectory(root.Combine("base", "lib"));
        string library = root.Combine("base", "lib", $"libpython{minor}.so");
        File.CreateSymbolicLink(library, TestInterpreter.RealPath(Good));
        root.WriteFile(Path.Combine("pnvenv", "pyvenv.cfg"), $"home = {root.Combine("base", "bin")}\nversion = {minor}.1\n");
        root.WriteFile(Path.Combine("venv", "pyvenv.cfg"), "home = /nonexistent/bin\nversion = 3.12.1\n");

        PythonLibraryResolution found = Locator(new()
        {
            ["PYTHONNET_VENV"] = root.Combine("pnvenv"),
            ["VIRTUAL_ENV"] = root.Combine("venv"),
        }).Locate();

        found.Rule.ShouldBe(PythonDiscoveryRule.VirtualEnvironment);
        found.Reason.ShouldBe($"PYTHONNET_VENV is '{root.Combine("pnvenv")}'");
        found.Library.Path.ShouldBe(library);
        found.Candidates.ShouldNotContain(c => c.Path.StartsWith("/nonexistent", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the fake python3 is a shell script
    public void Failure_lists_every_candidate_of_every_rule_with_an_actionable_message()
    {
        using var dir = new TempDirectory();
        string fakeLibrary = dir.WriteFile("libpython3.42.so", "plain text, not ELF");
        string fakePython = dir.WriteFile(Path.Combine("bin", "python3"), $"#!/bin/sh\necho '{fakeLibrary}'\n");
        File.SetUnixFileMode(fakePython, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        string venv = dir.Combine("venv");
        dir.WriteFile(Path.Combine("venv", "pyvenv.cfg"), "home = /nonexistent/base/bin\nversion = 3.12.1\n");
        string textWellKnown = dir.WriteFile("libpython3.43.so.1.0", "also text");

        PythonLibraryLoadException e = Should.Throw<PythonLibraryLoadException>(() => Locator(
            new() { ["VIRTUAL_ENV"] = venv, ["PATH"] = dir.Combine("bin") },
            loaded: [Missing],
            wellKnown: [textWellKnown]).Locate());

        e.Candidates.Select(c => c.Rule).Distinct().ShouldBe(
        [
            PythonDiscoveryRule.AlreadyLoaded,
            PythonDiscoveryRule.VirtualEnvironment,
            PythonDiscoveryRule.PathInterpreter,
            PythonDiscoveryRule.WellKnownLocation,
        ]);
        e.Candidates.ShouldContain(c => c.Path == "/nonexistent/base/lib/libpython3.12.so.1.0" && c.Outcome == "file not found");
        e.Candidates.ShouldContain(c => c.Path == fakeLibrary && c.Rule == PythonDiscoveryRule.PathInterpreter);
        foreach (PythonLibraryCandidate candidate in e.Candidates)
        {
            e.Message.ShouldContain(candidate.ToString());
        }

        e.Message.ShouldStartWith("No usable CPython library (3.8 or later, GIL build) was found.");
        e.Message.ShouldContain("PythonRuntimeOptions.LibraryPath");
        e.Message.ShouldContain("PYTHONNET_PYDLL");
        e.Message.ShouldContain("virtual environment");
    }

    [Fact]
    public void Failure_with_no_candidate_at_all_says_so()
    {
        PythonLibraryLoadException e = Should.Throw<PythonLibraryLoadException>(() => Locator().Locate());

        e.Candidates.ShouldBeEmpty();
        e.Message.ShouldContain("No candidate was found.");
        e.Message.ShouldContain("PYTHONNET_PYDLL");
    }
}
