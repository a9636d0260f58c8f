namespace PyMemory.Interop.Loading;

/// <summary>The rules PyMemory follows to find libpython, in the order they are tried.</summary>
public enum PythonDiscoveryRule
{
    /// <summary>An explicit path given in code.</summary>
    ExplicitPath = 1,

    /// <summary>The <c>PYTHONNET_PYDLL</c> environment variable, pythonnet's convention.</summary>
    PythonNetEnvironmentVariable = 2,

    /// <summary>pythonnet's <c>Python.Runtime.Runtime.PythonDLL</c>, read by reflection when that assembly is loaded.</summary>
    PythonNetRuntimeProperty = 3,

    /// <summary>A libpython that is already loaded in the process, preferably one whose interpreter is running.</summary>
    AlreadyLoaded = 4,

    /// <summary>The active virtual environment (<c>VIRTUAL_ENV</c>, its <c>pyvenv.cfg</c> <c>home</c>).</summary>
    VirtualEnvironment = 5,

    /// <summary><c>python3</c> or <c>python</c> on <c>PATH</c>, asked for its shared library through sysconfig.</summary>
    PathInterpreter = 6,

    /// <summary>Well-known installation locations of the platform.</summary>
    WellKnownLocation = 7,
}
