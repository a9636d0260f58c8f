using System.Runtime.InteropServices;
using PyMemory.Interop.Loading;

namespace PyMemory.Interop;

/// <summary>
/// Every CPython entry point PyMemory uses, resolved once from a loaded <see cref="PythonLibrary"/> as unmanaged
/// function pointers, under their exact C names. This is the raw layer: no checks, no GIL enforcement; calling
/// a function against CPython's rules is undefined behaviour. Use PyMemory.Core for the safe API.
/// </summary>
/// <remarks>
/// Symbols that some supported versions lack are optional: their properties throw
/// <see cref="NotSupportedException"/> naming the function and the loaded version, and <see cref="Has"/> tells
/// in advance. Symbols that were renamed between versions are bound under their current name.
/// </remarks>
public sealed unsafe partial class PythonApi
{
    private readonly HashSet<string> _optionalPresent = new(StringComparer.Ordinal);
    private readonly PythonLibrary? _library;

    /// <summary>Binds every entry point from <paramref name="library"/>.</summary>
    /// <param name="library">A library that <see cref="PythonLibrary.TryOpen"/> accepted.</param>
    /// <exception cref="ArgumentNullException"><paramref name="library"/> is null.</exception>
    /// <exception cref="PythonLibraryLoadException">A required symbol is missing.</exception>
    public PythonApi(PythonLibrary library)
        : this(library ?? throw new ArgumentNullException(nameof(library)), ResolverFor(library.Handle), bound: null)
    {
    }

    /// <summary>Binds from <paramref name="resolve"/>; without a library (only <see cref="RequiredByBinding"/>) the
    /// missing-symbol check is skipped and every required name bound is added to <paramref name="bound"/>.</summary>
    private PythonApi(PythonLibrary? library, Func<string, nint> resolve, List<string>? bound)
    {
        _library = library;
        if (library != null && RequiredSymbols.MissingFrom(name => resolve(name) != 0) is { Count: > 0 } missing)
        {
            throw new PythonLibraryLoadException(
                $"'{library.Path}' (Python {library.Version}) lacks symbols PyMemory needs: {string.Join(", ", missing)}.");
        }

        var binder = new Binder(resolve, bound, _optionalPresent);
        BindRawMemory(binder);
        BindMemory(binder);
        BindObjectMemory(binder);
        BindAllocators(binder);
        BindThreadState(binder);
        BindLifecycle(binder);
        BindTracemalloc(binder);
        BindErrors(binder);
        BindObjects(binder);
        BindCode(binder);
        BindFrames(binder);
        BindInterrupts(binder);
        BindExports(binder);
    }

    /// <summary>The library these entry points come from.</summary>
    public PythonLibrary Library => _library!;

    /// <summary>The loaded library's version.</summary>
    public PythonVersion Version => Library.Version;

    /// <summary>True when the loaded Python exports the optional symbol <paramref name="symbol"/>.</summary>
    /// <param name="symbol">The C name, as used for the property (for example <c>_Py_GetAllocatedBlocks</c>).</param>
    /// <returns>Whether calling the property is supported.</returns>
    public bool Has(string symbol) => _optionalPresent.Contains(symbol);

    /// <summary>Every name the binding asks for as required, in binding order: the test that keeps
    /// <see cref="RequiredSymbols"/> complete compares the two.</summary>
    /// <returns>The C names bound as required.</returns>
    internal static List<string> RequiredByBinding()
    {
        var bound = new List<string>();
        _ = new PythonApi(null, _ => 0, bound);
        return bound;
    }

    private static Func<string, nint> ResolverFor(nint handle) =>
        name => handle != 0 && NativeLibrary.TryGetExport(handle, name, out nint address) ? address : 0;

    private NotSupportedException Missing(string symbol) =>
        new($"{symbol} is not exported by Python {Version} ('{Library.Path}'); it is not available in this version.");

    /// <summary>Resolves symbols, recording the optional ones present. A required symbol must be listed in
    /// <see cref="RequiredSymbols"/>, which the loader checks before a library is opened and the constructor before
    /// binding: an unlisted one would let a library without it through to a null function pointer.</summary>
    private sealed class Binder(Func<string, nint> resolve, List<string>? bound, HashSet<string> optionalPresent)
    {
        /// <exception cref="InvalidOperationException"><paramref name="name"/> is not in RequiredSymbols (a PyMemory bug).</exception>
        public nint Required(string name)
        {
            if (!RequiredSymbols.Contains(name))
            {
                throw new InvalidOperationException(
                    $"PyMemory binds {name} as required, but RequiredSymbols does not list it: add it there, so that libraries without it are refused when loaded.");
            }

            bound?.Add(name);
            return resolve(name);
        }

        /// <summary>Binds the first of <paramref name="names"/> that exists, recorded under the first name.</summary>
        public nint Optional(params string[] names)
        {
            foreach (string name in names)
            {
                nint address = resolve(name);
                if (address != 0)
                {
                    optionalPresent.Add(names[0]);
                    return address;
                }
            }

            return 0;
        }

        /// <summary>Reads a required data symbol that holds a pointer (such as <c>PyExc_MemoryError</c>).</summary>
        public nint RequiredPointerValue(string name)
        {
            nint address = Required(name);
            return address == 0 ? 0 : Marshal.ReadIntPtr(address);
        }
    }
}
