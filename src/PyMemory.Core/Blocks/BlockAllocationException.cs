namespace PyMemory;

/// <summary>
/// A CPython allocator returned NULL: the requested block could not be allocated (or resized). Derives from
/// <see cref="OutOfMemoryException"/> so existing out-of-memory handling catches it; when a resize fails, the
/// original block is still valid and owned.
/// </summary>
public sealed class BlockAllocationException : OutOfMemoryException
{
    /// <summary>Creates the exception for a failed allocator call.</summary>
    /// <param name="domain">The domain that was asked.</param>
    /// <param name="functionName">The C function that returned NULL, such as <c>PyMem_Malloc</c>.</param>
    /// <param name="byteCount">The number of bytes requested.</param>
    public BlockAllocationException(MemoryDomain domain, string functionName, long byteCount)
        : base($"{functionName} could not allocate {byteCount} bytes in the {domain.ToString().ToUpperInvariant()} domain (it returned NULL).")
    {
        Domain = domain;
        FunctionName = functionName;
        ByteCount = byteCount;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BlockAllocationException()
        : this("A CPython allocator returned NULL.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BlockAllocationException(string message)
        : base(message)
    {
        FunctionName = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BlockAllocationException(string message, Exception innerException)
        : base(message, innerException)
    {
        FunctionName = "";
    }

    /// <summary>The domain whose allocator failed.</summary>
    public MemoryDomain Domain { get; }

    /// <summary>The C function that returned NULL.</summary>
    public string FunctionName { get; }

    /// <summary>The number of bytes requested.</summary>
    public long ByteCount { get; }
}
