namespace PyMemory.Interop.Loading;

/// <summary>
/// Thrown when no usable CPython library could be found or loaded. The message lists every candidate that was
/// tried, why it was rejected, and what to set to choose a library.
/// </summary>
public sealed class PythonLibraryLoadException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public PythonLibraryLoadException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PythonLibraryLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Candidates = [];
    }

    /// <summary>Creates the exception for a failed search.</summary>
    /// <param name="message">The message, which should already list the candidates.</param>
    /// <param name="candidates">Every candidate tried, with its outcome.</param>
    public PythonLibraryLoadException(string message, IReadOnlyList<PythonLibraryCandidate> candidates)
        : base(message)
    {
        Candidates = candidates;
    }

    /// <summary>Creates the exception with no message.</summary>
    public PythonLibraryLoadException()
        : this("No usable CPython library was found.")
    {
    }

    /// <summary>Every candidate tried, in order, with the reason it was rejected.</summary>
    public IReadOnlyList<PythonLibraryCandidate> Candidates { get; }
}
