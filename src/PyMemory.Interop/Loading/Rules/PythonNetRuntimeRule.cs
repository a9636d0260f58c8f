using System.Reflection;

namespace PyMemory.Interop.Loading.Rules;

/// <summary>Rule 3: pythonnet's <c>Python.Runtime.Runtime.PythonDLL</c>, when that assembly is loaded. Decisive.</summary>
internal sealed class PythonNetRuntimeRule(Func<string?> pythonNetLibrary) : DiscoveryRule
{
    public override PythonDiscoveryRule Kind => PythonDiscoveryRule.PythonNetRuntimeProperty;

    public override bool IsDecisive => true;

    public override IEnumerable<ProposedLibrary> Propose()
    {
        string? pythonNet = pythonNetLibrary();
        if (!string.IsNullOrWhiteSpace(pythonNet))
        {
            yield return new ProposedLibrary(pythonNet, "pythonnet's Python.Runtime.Runtime.PythonDLL is set in this process");
        }
    }

    /// <summary>pythonnet's <c>Python.Runtime.Runtime.PythonDLL</c>, when that assembly is loaded; read by reflection
    /// so that PyMemory needs no reference to pythonnet.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "pythonnet is not trimmable; when trimmed away the rule simply finds nothing.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "pythonnet is not trimmable; when trimmed away the rule simply finds nothing.")]
    public static string? ReadProperty()
    {
        Assembly? pythonNet = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => string.Equals(a.GetName().Name, "Python.Runtime", StringComparison.Ordinal));
        PropertyInfo? property = pythonNet?.GetType("Python.Runtime.Runtime", throwOnError: false)
            ?.GetProperty("PythonDLL", BindingFlags.Public | BindingFlags.Static);
        try
        {
            return property?.GetValue(null) as string;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
