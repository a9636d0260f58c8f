using System.Buffers;

namespace PyMemory;

/// <summary>A memory manager whose pins are released through a <see cref="PinToken"/>: it pins, and it releases one
/// pin it handed out.</summary>
internal interface IPinSource
{
    /// <summary>Pins the memory; the handle's pinnable is a new <see cref="PinToken"/>.</summary>
    /// <param name="elementIndex">The first pinned element.</param>
    /// <returns>The pin.</returns>
    MemoryHandle Pin(int elementIndex);

    /// <summary>Releases one pin handed out by <see cref="Pin"/> (called once per pin, by its token).</summary>
    void ReleasePin();
}
