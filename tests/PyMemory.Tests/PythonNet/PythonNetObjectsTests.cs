using System.Globalization;

namespace PyMemory.Tests.PythonNet;

/// <summary>
/// Objects handed between PyObjectHandle and pythonnet's PyObject (one child run shared by the tests): reference
/// counts and weakrefs prove who owns what, and the finalizers run afterwards without a double free. On 3.8 to 3.10,
/// where pythonnet's engine cannot run, the child only reports the fallback.
/// </summary>
[Collection(UsesPython.Name)]
public class PythonNetObjectsTests
{
    private static readonly SharedChildRun Child = new("pythonnet-objects");

    private static ChildProcess.Result? Objects()
    {
        ChildProcess.Result result = Child.Result;
        BridgeExpectation.ShouldHaveStarted(result);
        result.Value("shutdown").ShouldBe("True");
        return BridgeExpectation.PythonNetRuns ? result : null;
    }

    [Fact]
    public void ToPyObject_adds_a_reference_and_each_side_owns_its_own()
    {
        if (Objects() is not { } result)
        {
            return;
        }

        result.Value("to-pyobject-before").ShouldBe("1");
        result.Value("to-pyobject-both").ShouldBe("2,2");
        result.Value("to-pyobject-after-handle-dispose").ShouldBe("1");
        result.Value("to-pyobject-alive-with-pyobject").ShouldBe("True");
        result.Value("to-pyobject-alive-after-both").ShouldBe("False");
    }

    [Fact]
    public void MoveToPyObject_hands_the_handles_reference_over_and_closes_the_handle()
    {
        if (Objects() is not { } result)
        {
            return;
        }

        result.Value("move-to-pyobject-count").ShouldBe("1");
        result.Value("move-to-pyobject-handle-closed").ShouldBe("True");
        result.Value("move-to-pyobject-count-after-handle-dispose").ShouldBe("1");
        result.Value("move-to-pyobject-detach-again").ShouldBe("ObjectDisposedException");
        result.Value("move-to-pyobject-alive").ShouldBe("True");
        result.Value("move-to-pyobject-alive-after-dispose").ShouldBe("False");
    }

    [Fact]
    public void ToHandle_adds_a_reference_and_each_side_owns_its_own()
    {
        if (Objects() is not { } result)
        {
            return;
        }

        result.Value("to-handle-both").ShouldBe("2,2");
        result.Value("to-handle-after-pyobject-dispose").ShouldBe("1");
        result.Value("to-handle-alive-with-handle").ShouldBe("True");
        result.Value("to-handle-alive-after-both").ShouldBe("False");
    }

    [Fact]
    public void MoveToHandle_hands_the_pyobjects_reference_over_and_disposes_it()
    {
        if (Objects() is not { } result)
        {
            return;
        }

        result.Value("move-to-handle-count").ShouldBe("1");
        result.Value("move-to-handle-source").ShouldBe("ObjectDisposedException");
        result.Value("move-to-handle-alive").ShouldBe("True");
        result.Value("move-to-handle-alive-after-dispose").ShouldBe("False");
    }

    [Fact]
    public void Misuse_gets_a_clear_exception()
    {
        if (Objects() is not { } result)
        {
            return;
        }

        result.Value("disposed-handle-to-pyobject").ShouldBe("ObjectDisposedException");
        result.Value("empty-handle-to-pyobject").ShouldBe("InvalidOperationException");
        result.Value("no-gil-to-handle").ShouldBe("GilRequiredException");
        result.Value("no-gil-to-pyobject").ShouldBe("GilRequiredException");
        result.Value("finalizers").ShouldBe("ok");
    }

    [Fact]
    public void The_bridges_GIL_and_conversions_free_the_queue_that_Py_GIL_alone_leaves()
    {
        if (Objects() is not { } result)
        {
            return;
        }

        // At least the handles the child dropped (the finalizer may have queued others of its own meanwhile).
        int before = int.Parse(result.Value("pending-before")!, CultureInfo.InvariantCulture);
        before.ShouldBeGreaterThanOrEqualTo(3);
        result.Value("pending-inside-py-gil").ShouldBe(result.Value("pending-before"));
        result.Value("pending-inside-bridge-gil").ShouldBe("0");
        int.Parse(result.Value("pending-before-conversion")!, CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(2);
        result.Value("pending-after-conversion").ShouldBe("0");
    }
}
