namespace PyMemory.Tests.Discovery;

/// <summary>As <see cref="VenvFactAttribute"/>, for a theory.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VenvTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when no venv can be made.</summary>
    public VenvTheoryAttribute() => Skip = TestVenv.SkipReason;
}
