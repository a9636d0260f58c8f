namespace PyMemory.Generators;

/// <summary>The documentation of the four factories (Allocate, AllocateZeroed, TryAllocate, TryAllocateZeroed),
/// written once for both block families: only what a family returns differs.</summary>
internal static class FactoryDocs
{
    private const string SizeArgument = """<exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative or above PY_SSIZE_T_MAX.</exception>""";
    private const string ProductArgument = """<exception cref="ArgumentOutOfRangeException">A size is negative, or the product overflows or exceeds PY_SSIZE_T_MAX.</exception>""";

    /// <param name="target">The type.</param>
    /// <param name="zeroedSummary">The AllocateZeroed summary.</param>
    /// <param name="returns">What Allocate and AllocateZeroed return.</param>
    /// <param name="outBlock">What TryAllocate's out parameter holds.</param>
    /// <param name="mallocSuffix">Added to the Allocate summary.</param>
    public static FactoryDocSet For(BlockTarget target, string zeroedSummary, string returns, string outBlock, string mallocSuffix)
    {
        string gil = target.RequiresGil
            ? "\n    /// <exception cref=\"GilRequiredException\">This thread does not hold the GIL (checked before the native call).</exception>"
            : "";
        const string Null = "\n    /// <exception cref=\"BlockAllocationException\">The allocator returned NULL.</exception>";
        const string Finalized = "\n    /// <exception cref=\"InterpreterFinalizedException\">The interpreter was finalized.</exception>";
        const string Sizes = """
                /// <param name="count">The number of elements.</param>
                /// <param name="elementSize">The size of one element in bytes.</param>
            """;

        return new FactoryDocSet(
            Allocate: $"""
                /// <summary>Allocates an uninitialized block with <c>{target.Malloc}</c>. Zero bytes is valid{mallocSuffix}.</summary>
                /// <param name="byteCount">The size in bytes.</param>
                /// <returns>{returns}</returns>
                /// {SizeArgument}{gil}{Null}{Finalized}
            """,
            AllocateZeroed: $"""
                /// <summary>{zeroedSummary}</summary>
            {Sizes}
                /// <returns>{returns}</returns>
                /// {ProductArgument}{gil}{Null}{Finalized}
            """,
            TryAllocate: $"""
                /// <summary>Like <see cref="Allocate"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
                /// <param name="byteCount">The size in bytes.</param>
                /// <param name="block">{outBlock}</param>
                /// <returns>True when allocated.</returns>
                /// {SizeArgument}{gil}{Finalized}
            """,
            TryAllocateZeroed: $"""
                /// <summary>Like <see cref="AllocateZeroed"/>, but returns false instead of throwing when the allocator returns NULL.</summary>
            {Sizes}
                /// <param name="block">{outBlock}</param>
                /// <returns>True when allocated.</returns>
                /// {ProductArgument}{gil}{Finalized}
            """);
    }
}
