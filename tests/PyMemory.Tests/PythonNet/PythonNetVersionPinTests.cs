using System.Reflection;
using PyMemory.Interop;
using PyMemory.PythonNet;
using Python.Runtime;

namespace PyMemory.Tests.PythonNet;

/// <summary>
/// The pythonnet the bridge was tested with, and every internal it touches by reflection: an upgrade that changes one
/// of them fails here, loudly, instead of the bridge breaking at run time.
/// </summary>
public class PythonNetVersionPinTests
{
    [Fact]
    public void Pythonnet_is_a_3_2_release_from_3_2_1()
    {
        Version version = typeof(PythonEngine).Assembly.GetName().Version!;

        version.ShouldBeGreaterThanOrEqualTo(new Version(3, 2, 1));
        version.ShouldBeLessThan(new Version(3, 3));
    }

    [Fact]
    public void Type_layouts_exist_for_3_11_to_3_15_and_not_for_3_8_to_3_10()
    {
        for (int minor = 11; minor <= 15; minor++)
        {
            PythonNetInternals.Supports(new PythonVersion(3, minor, 0, false)).ShouldBeTrue($"3.{minor}");
        }

        for (int minor = 8; minor <= 10; minor++)
        {
            PythonNetInternals.Supports(new PythonVersion(3, minor, 0, false)).ShouldBeFalse($"3.{minor}");
        }

        PythonNetInternals.TypeOffsetClassName(new PythonVersion(3, 12, 1, false)).ShouldBe("Python.Runtime.TypeOffset312");
    }

    [Fact]
    public void IsSupportedVersion_still_wrongly_accepts_3_10_which_is_why_the_bridge_does_not_use_it()
    {
        // When pythonnet fixes this, the bridge's own check may be replaced by IsSupportedVersion.
        PythonEngine.IsSupportedVersion(new Version(3, 10)).ShouldBeTrue();
        PythonNetInternals.Supports(new PythonVersion(3, 10, 0, false)).ShouldBeFalse();
    }

    [Fact]
    public void The_process_exit_handler_and_the_stealing_constructor_are_where_the_bridge_looks()
    {
        MethodInfo exit = PythonNetInternals.OnProcessExitMethod.ShouldNotBeNull();
        exit.IsStatic.ShouldBeTrue();
        exit.IsPublic.ShouldBeFalse();
        exit.ReturnType.ShouldBe(typeof(void));

        ConstructorInfo steal = PythonNetInternals.StealingConstructor.ShouldNotBeNull();
        steal.IsPublic.ShouldBeFalse();
        steal.GetParameters().Select(p => p.ParameterType).ShouldBe([typeof(IntPtr)]);

        PythonNetInternals.Missing().ShouldBeNull();
    }

    [Fact]
    public void The_members_the_bridge_calls_are_public_with_the_expected_signatures()
    {
        typeof(Python.Runtime.Runtime).GetProperty(nameof(Python.Runtime.Runtime.PythonDLL))!.SetMethod!.IsPublic.ShouldBeTrue();
        typeof(PythonEngine).GetMethod(nameof(PythonEngine.BeginAllowThreads))!.ReturnType.ShouldBe(typeof(IntPtr));
        typeof(PythonEngine).GetMethod(nameof(PythonEngine.EndAllowThreads))!.GetParameters().Single().ParameterType.ShouldBe(typeof(IntPtr));
        typeof(PyObject).GetProperty("Handle")!.PropertyType.ShouldBe(typeof(IntPtr));
    }
}
