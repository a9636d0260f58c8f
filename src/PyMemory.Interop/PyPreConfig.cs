using System.Runtime.InteropServices;

namespace PyMemory.Interop;

/// <summary>
/// CPython's <c>PyPreConfig</c> (3.8-3.13, the same fields in the same order; <c>legacy_windows_fs_encoding</c> exists
/// only on Windows, which PyMemory does not run on).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct PyPreConfig
{
    /// <summary><c>_config_init</c>: 1 compat (what <c>Py_InitializeEx</c> uses), 2 Python, 3 isolated.</summary>
    public int ConfigInit;

    /// <summary><c>parse_argv</c>.</summary>
    public int ParseArgv;

    /// <summary><c>isolated</c>.</summary>
    public int Isolated;

    /// <summary><c>use_environment</c>.</summary>
    public int UseEnvironment;

    /// <summary><c>configure_locale</c>.</summary>
    public int ConfigureLocale;

    /// <summary><c>coerce_c_locale</c>.</summary>
    public int CoerceCLocale;

    /// <summary><c>coerce_c_locale_warn</c>.</summary>
    public int CoerceCLocaleWarn;

    /// <summary><c>utf8_mode</c>.</summary>
    public int Utf8Mode;

    /// <summary><c>dev_mode</c>.</summary>
    public int DevMode;

    /// <summary><c>allocator</c> (<see cref="PyMemAllocatorName"/>).</summary>
    public int Allocator;

    /// <summary>The configuration <c>Py_InitializeEx</c> pre-initializes with (CPython's
    /// <c>_PyPreConfig_InitCompatConfig</c>, which is not exported): pre-initializing with it first changes nothing
    /// but the moment, so allocators can be wrapped after <c>PYTHONMALLOC</c> took effect and before start-up.</summary>
    /// <returns>The compat configuration.</returns>
    public static PyPreConfig Compat() => new()
    {
        ConfigInit = 1,
        ParseArgv = 0,
        Isolated = -1,
        UseEnvironment = -1,
        ConfigureLocale = 1,
        CoerceCLocale = 0,
        CoerceCLocaleWarn = 0,
        Utf8Mode = 0,
        DevMode = -1,
        Allocator = 0,
    };
}
