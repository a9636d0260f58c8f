namespace PyMemory.Interop.Loading.Rules;

/// <summary>A library path a <see cref="DiscoveryRule"/> proposes, and why.</summary>
/// <param name="Path">A path, or a bare library name for the dynamic linker's search path.</param>
/// <param name="Reason">Why the rule proposes it, in words (for logs and <see cref="PythonLibraryResolution.Reason"/>).</param>
/// <param name="Interpreter">The python executable the library was found through (a venv's or the one on
/// <c>PATH</c>), which the interpreter then takes as its own; null when the rule found the library directly.</param>
internal readonly record struct ProposedLibrary(string Path, string Reason, string? Interpreter = null);
