using System.Reflection;
using System.Runtime.InteropServices;
using PyMemory.Interop;

namespace PyMemory.Tracking.Native;

/// <summary>
/// The native tracker library (libpymemory_native.so, built from src/PyMemory.Native by PyMemory.Core's build): its
/// exports as function pointers. Loaded once, on first use; <see cref="Load"/> explains why when it is unavailable.
/// </summary>
/// <remarks>
/// The library is a pure allocator wrapper: it never calls libpython, so it can be loaded before the interpreter and
/// never needs the GIL. Its structs are mirrored by the Pmn* types next to this file; <see cref="AbiVersion"/> must
/// match the library's <c>PMN_ABI_VERSION</c>.
/// </remarks>
internal static unsafe class NativeTracker
{
    /// <summary>The <c>PMN_ABI_VERSION</c> this assembly's mirrors were written for.</summary>
    public const int AbiVersion = 1;

    /// <summary>The library's file name on Linux.</summary>
    public const string FileName = "libpymemory_native.so";

    private static readonly Lazy<Exports?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? s_unavailableReason;

    /// <summary>True when the library is loaded and matches this assembly.</summary>
    public static bool IsAvailable => Loaded.Value != null;

    /// <summary>Why the library is unavailable (null when it is available).</summary>
    public static string? UnavailableReason => IsAvailable ? null : s_unavailableReason;

    /// <summary>True when <paramref name="malloc"/> is the tracker's malloc wrapper (without loading the library).</summary>
    public static bool IsTrackerMalloc(nint malloc) => malloc != 0 && Loaded.IsValueCreated && Loaded.Value?.Malloc == malloc;

    /// <summary>The exports; only call when <see cref="IsAvailable"/>.</summary>
    public static Exports Api => Loaded.Value ?? throw new InvalidOperationException(s_unavailableReason);

    private static Exports? Load()
    {
        if (Environment.GetEnvironmentVariable("PYMEMORY_NO_NATIVE_TRACKER") == "1")
        {
            s_unavailableReason = "PYMEMORY_NO_NATIVE_TRACKER=1 turned the native tracker off.";
            return null;
        }

        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            s_unavailableReason = $"The native tracker is built for Linux x64 only; this is {RuntimeInformation.RuntimeIdentifier}.";
            return null;
        }

        // As a package, the library comes from runtimes/linux-x64/native (found through the deps file); from a project
        // reference it is copied next to the assembly.
        Assembly assembly = typeof(NativeTracker).Assembly;
        if (!NativeLibrary.TryLoad(FileName, assembly, null, out nint handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, FileName), out handle))
        {
            s_unavailableReason = $"{FileName} was not found next to PyMemory.Core or in its package's runtimes/linux-x64/native folder " +
                "(it is built from src/PyMemory.Native with gcc; without gcc the build leaves it out).";
            return null;
        }

        var exports = new Exports(handle);
        int version = exports.pmn_abi_version();
        if (version != AbiVersion)
        {
            s_unavailableReason = $"{FileName} has ABI version {version}, but this PyMemory.Core expects {AbiVersion}: the two come from different builds.";
            return null;
        }

        return exports;
    }

    /// <summary>The library's exports, named as in pymemory_native.h.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Native names, as in the header.")]
    internal sealed class Exports
    {
        public Exports(nint handle)
        {
            pmn_abi_version = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, nameof(pmn_abi_version));
            pmn_start = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, nameof(pmn_start));
            pmn_context = (delegate* unmanaged<int, PyMemAllocatorEx*, void*>)NativeLibrary.GetExport(handle, nameof(pmn_context));
            pmn_functions = (delegate* unmanaged<nint*, nint*, nint*, nint*, void>)NativeLibrary.GetExport(handle, nameof(pmn_functions));
            pmn_restart = (delegate* unmanaged<void>)NativeLibrary.GetExport(handle, nameof(pmn_restart));
            pmn_snapshot_read = (delegate* unmanaged<PmnSnapshot*, void>)NativeLibrary.GetExport(handle, nameof(pmn_snapshot_read));
            pmn_histogram_read = (delegate* unmanaged<int, ulong*, void>)NativeLibrary.GetExport(handle, nameof(pmn_histogram_read));
            pmn_reset_peak = (delegate* unmanaged<void>)NativeLibrary.GetExport(handle, nameof(pmn_reset_peak));
            pmn_set_resolution = (delegate* unmanaged<long, void>)NativeLibrary.GetExport(handle, nameof(pmn_set_resolution));
            pmn_set_limits = (delegate* unmanaged<PmnLimits*, void>)NativeLibrary.GetExport(handle, nameof(pmn_set_limits));
            pmn_wait_soft_limit = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(handle, nameof(pmn_wait_soft_limit));
            pmn_set_sampling = (delegate* unmanaged<long, nint, nint, void>)NativeLibrary.GetExport(handle, nameof(pmn_set_sampling));
            pmn_scope_open = (delegate* unmanaged<long, long>)NativeLibrary.GetExport(handle, nameof(pmn_scope_open));
            pmn_scope_close = (delegate* unmanaged<long, int>)NativeLibrary.GetExport(handle, nameof(pmn_scope_close));
            pmn_scope_read = (delegate* unmanaged<long, PmnAccount*, int>)NativeLibrary.GetExport(handle, nameof(pmn_scope_read));
            pmn_mark_open = (delegate* unmanaged<long>)NativeLibrary.GetExport(handle, nameof(pmn_mark_open));
            pmn_mark_close = (delegate* unmanaged<long, int>)NativeLibrary.GetExport(handle, nameof(pmn_mark_close));
            pmn_mark_read = (delegate* unmanaged<long, PmnAccount*, int>)NativeLibrary.GetExport(handle, nameof(pmn_mark_read));
            nint malloc, calloc, realloc, free;
            pmn_functions(&malloc, &calloc, &realloc, &free);
            (Malloc, Calloc, Realloc, Free) = (malloc, calloc, realloc, free);
        }

        /// <summary>The wrappers' addresses, to install and to recognize in a chain.</summary>
        public nint Malloc { get; }

        public nint Calloc { get; }

        public nint Realloc { get; }

        public nint Free { get; }

        public delegate* unmanaged<int> pmn_abi_version { get; }

        public delegate* unmanaged<int> pmn_start { get; }

        public delegate* unmanaged<int, PyMemAllocatorEx*, void*> pmn_context { get; }

        public delegate* unmanaged<nint*, nint*, nint*, nint*, void> pmn_functions { get; }

        public delegate* unmanaged<void> pmn_restart { get; }

        public delegate* unmanaged<PmnSnapshot*, void> pmn_snapshot_read { get; }

        public delegate* unmanaged<int, ulong*, void> pmn_histogram_read { get; }

        public delegate* unmanaged<void> pmn_reset_peak { get; }

        public delegate* unmanaged<long, void> pmn_set_resolution { get; }

        public delegate* unmanaged<PmnLimits*, void> pmn_set_limits { get; }

        public delegate* unmanaged<int, int> pmn_wait_soft_limit { get; }

        public delegate* unmanaged<long, nint, nint, void> pmn_set_sampling { get; }

        public delegate* unmanaged<long, long> pmn_scope_open { get; }

        public delegate* unmanaged<long, int> pmn_scope_close { get; }

        public delegate* unmanaged<long, PmnAccount*, int> pmn_scope_read { get; }

        public delegate* unmanaged<long> pmn_mark_open { get; }

        public delegate* unmanaged<long, int> pmn_mark_close { get; }

        public delegate* unmanaged<long, PmnAccount*, int> pmn_mark_read { get; }
    }
}
