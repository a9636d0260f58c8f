using System.Reflection;
using System.Runtime.ExceptionServices;
using PyMemory.Interop;
using Python.Runtime;

namespace PyMemory.PythonNet;

/// <summary>
/// The pythonnet internals the bridge relies on, found once by reflection: which Python versions this pythonnet has
/// a type layout for, its process-exit handler, and the <c>PyObject(IntPtr)</c> constructor that steals a reference.
/// pythonnet is referenced as [3.2.1, 3.3), and tests pin each member here, so that an upgrade that moves one fails
/// loudly instead of silently.
/// </summary>
internal static class PythonNetInternals
{
    /// <summary>The pythonnet assembly (Python.Runtime).</summary>
    public static Assembly Assembly { get; } = typeof(PythonEngine).Assembly;

    /// <summary>pythonnet's assembly version, for logs and messages.</summary>
    public static string Version { get; } = Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The internal class holding pythonnet's type layout for <paramref name="version"/>
    /// (<c>Python.Runtime.TypeOffset311</c> for 3.11).</summary>
    public static string TypeOffsetClassName(PythonVersion version) => $"Python.Runtime.TypeOffset{version.Major}{version.Minor}";

    /// <summary>True when this pythonnet can run on <paramref name="version"/>: it has that version's type layout.
    /// (<c>PythonEngine.IsSupportedVersion</c> is not used: in 3.2.1 it accepts 3.10, which has none, and
    /// <c>PythonEngine.Initialize</c> then throws after starting the interpreter.)</summary>
    public static bool Supports(PythonVersion version) => Assembly.GetType(TypeOffsetClassName(version)) != null;

    /// <summary>pythonnet's <c>PythonEngine.OnProcessExit(object, EventArgs)</c>, which <c>PythonEngine.Initialize</c>
    /// subscribes to <c>AppDomain.ProcessExit</c>; null when this pythonnet has none.</summary>
    public static MethodInfo? OnProcessExitMethod { get; } =
        typeof(PythonEngine).GetMethod("OnProcessExit", BindingFlags.NonPublic | BindingFlags.Static, [typeof(object), typeof(EventArgs)]);

    /// <summary>pythonnet's internal <c>PyObject(IntPtr)</c> constructor, which takes over (steals) the reference it is
    /// given; null when this pythonnet has none.</summary>
    public static ConstructorInfo? StealingConstructor { get; } =
        typeof(PyObject).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, [typeof(IntPtr)]);

    private static readonly EventHandler? OnProcessExitHandler = OnProcessExitMethod is { } method
        ? (EventHandler)Delegate.CreateDelegate(typeof(EventHandler), method)
        : null;

    /// <summary>What is missing for the bridge to work with this pythonnet, or null when nothing is.</summary>
    public static string? Missing() =>
        OnProcessExitHandler is null ? "PythonEngine.OnProcessExit(object, EventArgs)"
        : StealingConstructor is null ? "the internal PyObject(IntPtr) constructor"
        : null;

    /// <summary>Unsubscribes pythonnet's process-exit handler (harmless when it is not subscribed). At exit it takes the
    /// GIL and waits for it without limit: it hangs while another thread holds the GIL, and crashes once the interpreter
    /// was finalized.</summary>
    public static void RemoveProcessExitHandler()
    {
        if (OnProcessExitHandler is { } handler)
        {
            AppDomain.CurrentDomain.ProcessExit -= handler;
        }
    }

    /// <summary>Runs pythonnet's process-exit handler (it marks the process as terminating, which skips the state it
    /// saves for a restart, and shuts the engine down); it waits for the GIL without limit.</summary>
    public static void RunProcessExitHandler(object? sender, EventArgs e) => OnProcessExitHandler?.Invoke(sender, e);

    /// <summary>A <see cref="PyObject"/> that takes over <paramref name="newReference"/> (a strong reference the caller
    /// owns and gives up): disposing it releases that reference.</summary>
    /// <exception cref="NotSupportedException">This pythonnet has no such constructor.</exception>
    public static PyObject Steal(nint newReference)
    {
        ConstructorInfo constructor = StealingConstructor ?? throw Unsupported();
        try
        {
            return (PyObject)constructor.Invoke([newReference]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw; // not reached
        }
    }

    /// <summary>The exception for a pythonnet whose internals moved.</summary>
    public static NotSupportedException Unsupported() => new(
        $"PyMemory.PythonNet was built and tested against pythonnet 3.2.x; this pythonnet ({Version}) lacks {Missing() ?? "an internal the bridge uses"}. Use pythonnet 3.2.x, or a PyMemory.PythonNet made for this version.");
}
