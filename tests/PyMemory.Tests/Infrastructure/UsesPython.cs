namespace PyMemory.Tests.Infrastructure;

/// <summary>
/// Test classes that need the Python under test: <c>[Collection(UsesPython.Name)]</c> starts it before their
/// first test. Classes in one collection run one after another, so a class whose tests must run alongside others
/// may take <see cref="PythonFixture"/> as an <c>IClassFixture</c> instead, and a collection of its own (such as the
/// serial allocator collection) can list <c>ICollectionFixture&lt;PythonFixture&gt;</c> on its definition.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UsesPython : ICollectionFixture<PythonFixture>
{
    /// <summary>The collection's name, for <c>[Collection]</c>.</summary>
    public const string Name = "Python under test";
}
