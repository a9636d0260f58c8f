using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PyMemory.Tests.Sharing.Leases;

/// <summary>
/// The hazard of CSnakes #504 (a Span over a Python buffer used after the buffer was released) is a compile error with
/// PyBufferLease: its Spans are tied to the lease variable, so code that lets one escape the lease's scope does not
/// compile. Proven by compiling such code against PyMemory.Core with Roslyn.
/// </summary>
public class LeaseEscapeTests
{
    private const string Usings = "using System; using PyMemory;\n";

    [Fact]
    public void Using_a_span_inside_the_lease_scope_compiles()
    {
        Errors("""
            static class Ok
            {
                static int Read(PyObjectHandle data)
                {
                    using PyBufferLease lease = PyBufferLease.Enter(data);
                    ReadOnlySpan<byte> bytes = lease.AsReadOnlySpan();
                    ReadOnlySpan<double> values = lease.AsReadOnlySpan<double>();
                    return bytes.Length + values.Length + (int)lease.Shape[0] + (int)lease.Strides[0];
                }
            }
            """).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("return lease.AsReadOnlySpan();", "ReadOnlySpan<byte>")]
    [InlineData("return lease.AsSpan();", "Span<byte>")]
    [InlineData("return lease.AsReadOnlySpan<int>();", "ReadOnlySpan<int>")]
    [InlineData("return lease.AsSpan<int>();", "Span<int>")]
    [InlineData("return lease.Shape;", "ReadOnlySpan<nint>")]
    [InlineData("return lease.Strides;", "ReadOnlySpan<nint>")]
    [InlineData("var s = lease.AsReadOnlySpan(); return s;", "ReadOnlySpan<byte>")]
    public void Returning_a_span_out_of_the_lease_scope_does_not_compile(string body, string spanType)
    {
        string[] errors = Errors($$"""
            static class Leak
            {
                static {{spanType}} Escape(PyObjectHandle data)
                {
                    using PyBufferLease lease = PyBufferLease.Enter(data);
                    {{body}}
                }
            }
            """);

        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(e => e.StartsWith("CS8347", StringComparison.Ordinal) || e.StartsWith("CS8352", StringComparison.Ordinal)
            || e.StartsWith("CS8168", StringComparison.Ordinal) || e.StartsWith("CS8157", StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Fact]
    public void Handing_a_span_to_a_caller_through_a_ref_parameter_does_not_compile()
    {
        Errors("""
            static class Leak
            {
                static void Escape(PyObjectHandle data, ref ReadOnlySpan<byte> outer)
                {
                    using PyBufferLease lease = PyBufferLease.Enter(data);
                    outer = lease.AsReadOnlySpan();
                }
            }
            """).ShouldNotBeEmpty();
    }

    private static string[] Errors(string code)
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        IEnumerable<MetadataReference> references = platform
            .Append(typeof(PyBufferLease).Assembly.Location)
            .Append(typeof(Interop.PythonApi).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        CSharpCompilation compilation = CSharpCompilation.Create(
            "LeaseEscape",
            [CSharpSyntaxTree.ParseText(Usings + code, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToArray();
    }
}
