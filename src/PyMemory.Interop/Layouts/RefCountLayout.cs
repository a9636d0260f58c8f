namespace PyMemory.Interop.Layouts;

/// <summary>
/// What the <c>ob_refcnt</c> word means in one CPython version (GIL builds, 64-bit): how much of it is the count, and
/// how an immortal object is marked. One instance per rule; <see cref="For"/> picks it for a version.
/// </summary>
/// <remarks>
/// 3.8 to 3.11: the whole <c>Py_ssize_t</c> is the count, no object is immortal. 3.12 and 3.13: the whole word is the
/// count, immortal objects hold <see cref="_Py_IMMORTAL_REFCNT"/>. 3.14: only the low 32 bits are the count (the upper
/// half holds flags and an overflow counter), immortal objects start at <see cref="_Py_IMMORTAL_INITIAL_REFCNT"/>.
/// From 3.12 an object is immortal when the low 32 bits, read as a signed 32-bit integer, are negative
/// (<c>_Py_IsImmortal</c>). The 3.14 rule follows CPython's headers; no 3.14 library is tested here.
/// </remarks>
internal sealed class RefCountLayout
{
    /// <summary><c>_Py_IMMORTAL_REFCNT</c> of 3.12 and 3.13 on 64-bit: 0xFFFFFFFF.</summary>
    public const long _Py_IMMORTAL_REFCNT = 0xFFFF_FFFFL;

    /// <summary><c>_Py_IMMORTAL_INITIAL_REFCNT</c> of 3.14 on 64-bit: 3 &lt;&lt; 30.</summary>
    public const long _Py_IMMORTAL_INITIAL_REFCNT = 3L << 30;

    private static readonly RefCountLayout BeforeImmortals = new(immortalRefCount: null, countIsLowHalf: false);
    private static readonly RefCountLayout Immortals312 = new(_Py_IMMORTAL_REFCNT, countIsLowHalf: false);
    private static readonly RefCountLayout SplitWord314 = new(_Py_IMMORTAL_INITIAL_REFCNT, countIsLowHalf: true);

    private readonly bool _countIsLowHalf;

    private RefCountLayout(long? immortalRefCount, bool countIsLowHalf)
    {
        ImmortalRefCount = immortalRefCount;
        _countIsLowHalf = countIsLowHalf;
    }

    /// <summary>The count an immortal object reports; null when the version has no immortal objects.</summary>
    public long? ImmortalRefCount { get; }

    /// <summary>The layout of <paramref name="version"/>.</summary>
    /// <param name="version">A CPython version.</param>
    /// <returns>Its reference count rule.</returns>
    /// <exception cref="NotSupportedException"><paramref name="version"/> is a free-threaded build, whose header
    /// (<c>ob_ref_local</c>/<c>ob_ref_shared</c>) is another layout.</exception>
    public static RefCountLayout For(PythonVersion version)
    {
        if (version.IsFreeThreaded)
        {
            throw new NotSupportedException(
                $"Python {version} is a free-threaded build: its object header (ob_ref_local/ob_ref_shared) is not supported by PyMemory's reference count reads.");
        }

        return version.IsAtLeast(3, 14) ? SplitWord314 : version.IsAtLeast(3, 12) ? Immortals312 : BeforeImmortals;
    }

    /// <summary>The reference count held in a raw <c>ob_refcnt</c> word.</summary>
    /// <param name="refCountWord">The word as stored.</param>
    /// <returns>The count.</returns>
    public long RefCountOf(long refCountWord) => _countIsLowHalf ? (uint)refCountWord : refCountWord;

    /// <summary>Whether a raw <c>ob_refcnt</c> word marks an immortal object.</summary>
    /// <param name="refCountWord">The word as stored.</param>
    /// <returns>True for an immortal object.</returns>
    public bool IsImmortal(long refCountWord) => ImmortalRefCount.HasValue && unchecked((int)refCountWord) < 0;
}
