using System.Globalization;
using System.Text;

namespace PyMemory.Interop.Loading;

/// <summary>
/// The paths PyMemory gives the interpreter it starts: its program name (the executable it takes as its own, from
/// which CPython computes <c>sys.executable</c>, the prefix and a venv's <c>sys.prefix</c> through <c>pyvenv.cfg</c>),
/// its home, and extra <c>sys.path</c> entries. Program name and home go through <c>Py_SetProgramName</c> and
/// <c>Py_SetPythonHome</c>, exported by every version 3.8 to 3.13 (checked; deprecated from 3.11 and due to go in
/// 3.15), so no version's <c>PyConfig</c> layout is needed.
/// </summary>
internal static unsafe class InterpreterStartup
{
    /// <summary>Checks the start-up paths before anything is set, so that bad input is an exception here instead of
    /// a fatal error (an abort) inside <c>Py_InitializeEx</c>.</summary>
    /// <param name="version">The loaded library's version.</param>
    /// <param name="executable">The executable given in code, or null.</param>
    /// <param name="home">The home given in code, or null.</param>
    /// <param name="extraSysPath">The extra <c>sys.path</c> entries given in code, or null.</param>
    /// <exception cref="ArgumentException">The executable does not exist or belongs to a venv of another version; the
    /// home has no standard library for this version; an extra entry is null, empty or contains a NUL.</exception>
    public static void Validate(PythonVersion version, string? executable, string? home, IReadOnlyList<string>? extraSysPath)
    {
        if (executable != null)
        {
            if (!File.Exists(executable))
            {
                throw new ArgumentException(
                    $"PythonRuntimeOptions.Executable is '{executable}', which is not an existing file; name the python executable (a venv's bin/python{version.Major}.{version.Minor}, say) the interpreter should take as its own.",
                    nameof(executable));
            }

            if (VirtualEnvironment.Containing(executable) is { } venv && !venv.IsFor(version))
            {
                throw new ArgumentException(
                    $"PythonRuntimeOptions.Executable '{executable}' belongs to the virtual environment '{venv.Directory}', made by Python {venv.Version}, but the loaded library is Python {version}; use a venv of {version.Major}.{version.Minor} or the library of {venv.Version}.",
                    nameof(executable));
            }
        }

        if (home != null && !HasStandardLibrary(home, version))
        {
            throw new ArgumentException(
                $"PythonRuntimeOptions.PythonHome is '{home}', which holds no standard library of Python {version.Major}.{version.Minor} ({StandardLibraryLandmark(home, version)} is missing); it must be the base install's prefix, as for PYTHONHOME.",
                nameof(home));
        }

        if (extraSysPath != null)
        {
            for (int i = 0; i < extraSysPath.Count; i++)
            {
                if (string.IsNullOrEmpty(extraSysPath[i]) || extraSysPath[i].Contains('\0', StringComparison.Ordinal))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"PythonRuntimeOptions.ExtraSysPath[{i}] is null, empty or contains a NUL character."),
                        nameof(extraSysPath));
                }
            }
        }
    }

    /// <summary>Sets the program name and home before <c>Py_InitializeEx</c> (and before any allocator is changed:
    /// CPython copies both strings with its default allocator, whatever allocator is installed).</summary>
    /// <param name="api">The loaded, not yet initialized library.</param>
    /// <param name="executable">The program name to set, or null to leave CPython's default.</param>
    /// <param name="home">The home to set, or null.</param>
    /// <exception cref="NotSupportedException">A value is given but the library does not export the function that
    /// sets it (a Python without <c>Py_SetProgramName</c>).</exception>
    public static void BeforeInitialize(PythonApi api, string? executable, string? home)
    {
        if (executable != null)
        {
            Set(api, "Py_SetProgramName", api.Py_SetProgramName, Path.GetFullPath(executable));
        }

        if (home != null)
        {
            Set(api, "Py_SetPythonHome", api.Py_SetPythonHome, home);
        }
    }

    /// <summary>Puts <paramref name="entries"/> at the front of <c>sys.path</c>, in order, as <c>PYTHONPATH</c>
    /// entries would be. Runs right after <c>Py_InitializeEx</c>, with the GIL held.</summary>
    /// <returns>Null when done, else why not (the interpreter is running, so this is reported, not thrown).</returns>
    public static string? AfterInitialize(PythonApi api, IReadOnlyList<string>? entries)
    {
        if (entries is not { Count: > 0 })
        {
            return null;
        }

        nint sysPath;
        fixed (byte* name = "path\0"u8)
        {
            sysPath = api.PySys_GetObject(name); // borrowed
        }

        nint insert = 0;
        if (sysPath != 0)
        {
            fixed (byte* name = "insert\0"u8)
            {
                insert = api.PyObject_GetAttrString(sysPath, name);
            }
        }

        if (insert == 0)
        {
            api.PyErr_Clear();
            return "sys.path is missing or is not a list";
        }

        try
        {
            for (int i = 0; i < entries.Count; i++)
            {
                nint args = api.PyTuple_New(2);
                if (args == 0)
                {
                    api.PyErr_Clear();
                    return "out of memory";
                }

                byte[] utf8 = Encoding.UTF8.GetBytes(entries[i]);
                nint text;
                fixed (byte* p = utf8)
                {
                    text = api.PyUnicode_FromStringAndSize(p, utf8.Length);
                }

                // PyTuple_SetItem steals both references, also a NULL one (the call then fails below).
                _ = api.PyTuple_SetItem(args, 0, api.PyLong_FromLongLong(i));
                _ = api.PyTuple_SetItem(args, 1, text);
                nint result = api.PyObject_CallObject(insert, args);
                api.Py_DecRef(args);
                if (result == 0)
                {
                    api.PyErr_Clear();
                    return $"sys.path.insert({i}, '{entries[i]}') failed";
                }

                api.Py_DecRef(result);
            }

            return null;
        }
        finally
        {
            api.Py_DecRef(insert);
        }
    }

    /// <summary>True when <paramref name="home"/> (a prefix, or <c>prefix:exec_prefix</c> as PYTHONHOME allows) holds
    /// this version's standard library, the landmark CPython itself looks for.</summary>
    private static bool HasStandardLibrary(string home, PythonVersion version)
    {
        string prefix = home.Split(Path.PathSeparator)[0];
        string zip = OperatingSystem.IsWindows()
            ? Path.Combine(prefix, string.Create(CultureInfo.InvariantCulture, $"python{version.Major}{version.Minor}.zip"))
            : Path.Combine(prefix, "lib", string.Create(CultureInfo.InvariantCulture, $"python{version.Major}{version.Minor}.zip"));
        return File.Exists(StandardLibraryLandmark(home, version)) || File.Exists(zip);
    }

    private static string StandardLibraryLandmark(string home, PythonVersion version)
    {
        string prefix = home.Split(Path.PathSeparator)[0];
        return OperatingSystem.IsWindows()
            ? Path.Combine(prefix, "Lib", "os.py")
            : Path.Combine(prefix, "lib", string.Create(CultureInfo.InvariantCulture, $"python{version.Major}.{version.Minor}"), "os.py");
    }

    private static void Set(PythonApi api, string symbol, delegate* unmanaged<void*, void> setter, string value)
    {
        if (!api.Has(symbol))
        {
            throw new NotSupportedException(
                $"Python {api.Version} ('{api.Library.Path}') does not export {symbol}, which PyMemory uses to give the interpreter '{value}'.");
        }

        // wchar_t is UTF-16 on Windows and UTF-32 elsewhere; CPython copies the string, so it lives on the stack here.
        if (OperatingSystem.IsWindows())
        {
            fixed (char* text = value)
            {
                setter(text);
            }

            return;
        }

        Encoding encoding = BitConverter.IsLittleEndian ? Encoding.UTF32 : new UTF32Encoding(bigEndian: true, byteOrderMark: false);
        byte[] utf32 = encoding.GetBytes(value + "\0");
        fixed (byte* text = utf32)
        {
            setter(text);
        }
    }
}
