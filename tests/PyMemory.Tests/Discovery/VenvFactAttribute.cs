namespace PyMemory.Tests.Discovery;

/// <summary>A test that needs <see cref="TestVenv"/>: skipped, naming what to install, when the Python under test
/// cannot make a venv (Debian without python3.X-venv), except under CI, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VenvFactAttribute : FactAttribute
{
    /// <summary>Skips the test when no venv can be made.</summary>
    public VenvFactAttribute() => Skip = TestVenv.SkipReason;
}
