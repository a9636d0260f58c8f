using Microsoft.CodeAnalysis;

namespace PyMemory.Generators;

/// <summary>
/// Writes the members of PyMemory's block types from one template per family, so that the three SafeHandle blocks and
/// the three scoped owners cannot drift apart: a type declares itself <c>partial</c> with
/// <c>[DomainBlock(typeof(RawDomain), MemoryDomain.Raw, "PyMem_Raw")]</c> and keeps only its own summary by hand.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DomainBlockGenerator : IIncrementalGenerator
{
    private const string AttributeName = "PyMemory.DomainBlockAttribute";

    private static readonly string[] DomainMembers = ["Raw", "Mem", "Obj"];

    /// <summary>Registers the generator: one source file per marked type.</summary>
    /// <param name="context">The compiler's context.</param>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<BlockTarget> targets = context.SyntaxProvider.ForAttributeWithMetadataName(
            AttributeName,
            static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
            static (source, _) => Describe((INamedTypeSymbol)source.TargetSymbol, source.Attributes[0]));

        context.RegisterSourceOutput(targets, static (output, target) => output.AddSource(
            target.TypeName + ".g.cs",
            target.IsScoped ? ScopedBlockTemplate.Render(target) : SafeHandleBlockTemplate.Render(target)));
    }

    private static BlockTarget Describe(INamedTypeSymbol type, AttributeData attribute)
    {
        var domain = (INamedTypeSymbol)attribute.ConstructorArguments[0].Value!;
        int member = (int)attribute.ConstructorArguments[1].Value!;
        string prefix = (string)attribute.ConstructorArguments[2].Value!;
        return new BlockTarget(type.Name, type.IsRefLikeType, domain.Name, DomainMembers[member], prefix);
    }
}
