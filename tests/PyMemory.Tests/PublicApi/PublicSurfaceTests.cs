using System.Reflection;

namespace PyMemory.Tests.PublicApi;

/// <summary>
/// The public types of both packages, listed by name: the public surface changes only on purpose (add the type here
/// in the same change), and nothing internal leaks out by accident.
/// </summary>
[Collection(UsesPython.Name)]
public class PublicSurfaceTests
{
    [Fact]
    public void PyMemory_Core_exposes_exactly_these_public_types()
    {
        PublicTypes(typeof(GilScope).Assembly).ShouldBe(
        [
            "PyMemory.Allocators.AllocationFaultPolicy",
            "PyMemory.Allocators.AllocatorDescription",
            "PyMemory.Allocators.AllocatorFunctions",
            "PyMemory.Allocators.AllocatorHook",
            "PyMemory.Allocators.AllocatorHookScope",
            "PyMemory.Allocators.ArenaAllocatorFunctions",
            "PyMemory.Allocators.FailingAllocatorHook",
            "PyMemory.Allocators.NextAllocator",
            "PyMemory.Allocators.PythonAllocators",
            "PyMemory.AllowThreadsScope",
            "PyMemory.BlockAllocationException",
            "PyMemory.Diagnostics.LiveHandleCounts",
            "PyMemory.Diagnostics.LiveHandles",
            "PyMemory.Diagnostics.MemoryStatistics",
            "PyMemory.Diagnostics.PyMemoryMetrics",
            "PyMemory.Diagnostics.PythonTraceMalloc",
            "PyMemory.GilRequiredException",
            "PyMemory.GilScope",
            "PyMemory.InterpreterFinalizedException",
            "PyMemory.MemoryDomain",
            "PyMemory.NativeBlock",
            "PyMemory.PoolReturnFill",
            "PyMemory.PoolSizeClassStatistics",
            "PyMemory.PyBufferLease",
            "PyMemory.PyMemBlock",
            "PyMemory.PyMemoryPool",
            "PyMemory.PyMemoryPoolOptions",
            "PyMemory.PyMemoryPoolStatistics",
            "PyMemory.PyObjectBlock",
            "PyMemory.PyObjectHandle",
            "PyMemory.PyObjects",
            "PyMemory.PyRun",
            "PyMemory.PythonBuffer",
            "PyMemory.PythonBuiltinType",
            "PyMemory.PythonConstants",
            "PyMemory.PythonException",
            "PyMemory.PythonRuntime",
            "PyMemory.PythonRuntimeOptions",
            "PyMemory.PythonRuntimeState",
            "PyMemory.RawBlock",
            "PyMemory.ScopedPyMemBlock",
            "PyMemory.ScopedPyObjectBlock",
            "PyMemory.ScopedPyObjectHandle",
            "PyMemory.ScopedRawBlock",
            "PyMemory.Tracking.AllocationSite",
            "PyMemory.Tracking.AllocationSiteOrder",
            "PyMemory.Tracking.DomainLiveFigures",
            "PyMemory.Tracking.DomainMemoryFigures",
            "PyMemory.Tracking.MemoryBudgetScope",
            "PyMemory.Tracking.MemoryDiff",
            "PyMemory.Tracking.MemoryLimits",
            "PyMemory.Tracking.MemoryMark",
            "PyMemory.Tracking.MemorySnapshot",
            "PyMemory.Tracking.MemoryTracker",
            "PyMemory.Tracking.MemoryTrackingOptions",
            "PyMemory.Tracking.SamplingHealth",
            "PyMemory.Tracking.SiteFrame",
            "PyMemory.Tracking.SizeHistogram",
            "PyMemory.Tracking.SoftLimitExceededEventArgs",
        ]);
    }

    [Fact]
    public void PyMemory_Interop_exposes_exactly_these_public_types()
    {
        PublicTypes(typeof(Interop.PythonApi).Assembly).ShouldBe(
        [
            "PyMemory.Interop.Loading.PythonDiscoveryRule",
            "PyMemory.Interop.Loading.PythonLibrary",
            "PyMemory.Interop.Loading.PythonLibraryCandidate",
            "PyMemory.Interop.Loading.PythonLibraryLoadException",
            "PyMemory.Interop.Loading.PythonLibraryLocator",
            "PyMemory.Interop.Loading.PythonLibraryResolution",
            "PyMemory.Interop.PyBufferFlags",
            "PyMemory.Interop.PyMemAllocatorDomain",
            "PyMemory.Interop.PyMemAllocatorEx",
            "PyMemory.Interop.PyMemAllocatorName",
            "PyMemory.Interop.PyObjectArenaAllocator",
            "PyMemory.Interop.PyPreConfig",
            "PyMemory.Interop.PyStatus",
            "PyMemory.Interop.Py_buffer",
            "PyMemory.Interop.PythonApi",
            "PyMemory.Interop.PythonVersion",
        ]);
    }

    [Fact]
    public void PyMemory_Hosting_exposes_exactly_these_public_types()
    {
        PublicTypes(typeof(PyMemory.Hosting.PyMemoryHostedRuntime).Assembly).ShouldBe(
        [
            "Microsoft.Extensions.DependencyInjection.PyMemoryServiceCollectionExtensions",
            "PyMemory.Hosting.PyMemoryHostedRuntime",
        ]);
    }

    [Fact]
    public void PyMemory_PythonNet_exposes_exactly_these_public_types()
    {
        PublicTypes(typeof(PyMemory.PythonNet.PythonNetBridge).Assembly).ShouldBe(
        [
            "PyMemory.PythonNet.PyObjectConversions",
            "PyMemory.PythonNet.PythonNetBridge",
            "PyMemory.PythonNet.PythonNetBridgeMode",
        ]);
    }

    [Fact]
    public void Safe_api_members_do_not_take_or_return_the_raw_interop_types()
    {
        // The binding table and the function-pointer structs are the raw layer; version, discovery and load-error
        // types are shared vocabulary and may appear in the safe API.
        Type[] raw = [typeof(Interop.PythonApi), typeof(Interop.PyMemAllocatorEx), typeof(Interop.PyObjectArenaAllocator), typeof(Interop.PyPreConfig), typeof(Interop.PyStatus), typeof(Interop.Py_buffer)];
        string[] leaks = typeof(GilScope).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(m => Signature(m).Select(Unwrap).Where(raw.Contains).Select(r => $"{t.Name}.{m.Name} uses {r.Name}")))
            .ToArray();

        leaks.ShouldBeEmpty();
    }

    private static string[] PublicTypes(Assembly assembly) =>
        [.. assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal)];

    private static Type Unwrap(Type type) => type.IsByRef || type.IsPointer || type.IsArray ? Unwrap(type.GetElementType()!) : type;

    private static IEnumerable<Type> Signature(MemberInfo member) => member switch
    {
        MethodBase method => method.GetParameters().Select(p => p.ParameterType)
            .Append(method is MethodInfo info ? info.ReturnType : typeof(void)),
        PropertyInfo property => [property.PropertyType],
        FieldInfo field => [field.FieldType],
        _ => [],
    };
}
