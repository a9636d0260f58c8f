using System.Buffers;

namespace PyMemory;

/// <summary>The pin that keeps an exported <see cref="Memory{T}"/> valid while Python may read it: taken when the
/// exporter object is created, released once, when CPython deallocates it (or when the export fails half-way).</summary>
internal sealed class PinnedMemory(MemoryHandle handle)
{
    private MemoryHandle _handle = handle;

    /// <summary>Unpins; the memory's owner may then free or reuse it. Runs once.</summary>
    public void Release()
    {
        _handle.Dispose();
        _handle = default;
    }
}
