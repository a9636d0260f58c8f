namespace PyMemory.Tests.Blocks;

/// <summary>
/// A scoped owner of any domain (<see cref="ScopedRawBlock"/>, <see cref="ScopedPyMemBlock"/> or
/// <see cref="ScopedPyObjectBlock"/>), so that behaviour the three share is written once and tested in every domain.
/// It holds the real owner and every member calls the same member of it; it adds no logic of its own.
/// </summary>
internal ref struct AnyScopedBlock
{
    private readonly MemoryDomain _domain;
    private ScopedRawBlock _raw;
    private ScopedPyMemBlock _mem;
    private ScopedPyObjectBlock _obj;

    private AnyScopedBlock(MemoryDomain domain, ScopedRawBlock raw = default, ScopedPyMemBlock mem = default, ScopedPyObjectBlock obj = default)
    {
        _domain = domain;
        _raw = raw;
        _mem = mem;
        _obj = obj;
    }

    public readonly bool IsDisposed => _domain switch { MemoryDomain.Raw => _raw.IsDisposed, MemoryDomain.Mem => _mem.IsDisposed, _ => _obj.IsDisposed };

    public readonly long Length => _domain switch { MemoryDomain.Raw => _raw.Length, MemoryDomain.Mem => _mem.Length, _ => _obj.Length };

    public readonly Span<byte> Span => _domain switch { MemoryDomain.Raw => _raw.Span, MemoryDomain.Mem => _mem.Span, _ => _obj.Span };

    /// <summary>The name of the public owner type, as an <see cref="ObjectDisposedException"/> from it gives it.</summary>
    public static string TypeName(MemoryDomain domain) => domain switch
    {
        MemoryDomain.Raw => nameof(ScopedRawBlock),
        MemoryDomain.Mem => nameof(ScopedPyMemBlock),
        _ => nameof(ScopedPyObjectBlock),
    };

    /// <summary>A default instance of the domain's owner, which owns nothing.</summary>
    public static AnyScopedBlock Default(MemoryDomain domain) => new(domain);

    public static AnyScopedBlock Allocate(MemoryDomain domain, long byteCount) => domain switch
    {
        MemoryDomain.Raw => new(domain, raw: ScopedRawBlock.Allocate(byteCount)),
        MemoryDomain.Mem => new(domain, mem: ScopedPyMemBlock.Allocate(byteCount)),
        _ => new(domain, obj: ScopedPyObjectBlock.Allocate(byteCount)),
    };

    public static AnyScopedBlock AllocateZeroed(MemoryDomain domain, long count, long elementSize) => domain switch
    {
        MemoryDomain.Raw => new(domain, raw: ScopedRawBlock.AllocateZeroed(count, elementSize)),
        MemoryDomain.Mem => new(domain, mem: ScopedPyMemBlock.AllocateZeroed(count, elementSize)),
        _ => new(domain, obj: ScopedPyObjectBlock.AllocateZeroed(count, elementSize)),
    };

    public static bool TryAllocate(MemoryDomain domain, long byteCount, out AnyScopedBlock block)
    {
        ScopedRawBlock raw = default;
        ScopedPyMemBlock mem = default;
        ScopedPyObjectBlock obj = default;
        bool allocated = domain switch
        {
            MemoryDomain.Raw => ScopedRawBlock.TryAllocate(byteCount, out raw),
            MemoryDomain.Mem => ScopedPyMemBlock.TryAllocate(byteCount, out mem),
            _ => ScopedPyObjectBlock.TryAllocate(byteCount, out obj),
        };
        block = new(domain, raw, mem, obj);
        return allocated;
    }

    public static bool TryAllocateZeroed(MemoryDomain domain, long count, long elementSize, out AnyScopedBlock block)
    {
        ScopedRawBlock raw = default;
        ScopedPyMemBlock mem = default;
        ScopedPyObjectBlock obj = default;
        bool allocated = domain switch
        {
            MemoryDomain.Raw => ScopedRawBlock.TryAllocateZeroed(count, elementSize, out raw),
            MemoryDomain.Mem => ScopedPyMemBlock.TryAllocateZeroed(count, elementSize, out mem),
            _ => ScopedPyObjectBlock.TryAllocateZeroed(count, elementSize, out obj),
        };
        block = new(domain, raw, mem, obj);
        return allocated;
    }

    public readonly Span<byte> AsSpan() => _domain switch { MemoryDomain.Raw => _raw.AsSpan(), MemoryDomain.Mem => _mem.AsSpan(), _ => _obj.AsSpan() };

    public readonly Span<byte> AsSpan(long offset, int length) =>
        _domain switch { MemoryDomain.Raw => _raw.AsSpan(offset, length), MemoryDomain.Mem => _mem.AsSpan(offset, length), _ => _obj.AsSpan(offset, length) };

    public readonly Span<T> AsSpan<T>()
        where T : unmanaged =>
        _domain switch { MemoryDomain.Raw => _raw.AsSpan<T>(), MemoryDomain.Mem => _mem.AsSpan<T>(), _ => _obj.AsSpan<T>() };

    public readonly Span<T> AsSpan<T>(long byteOffset, int count)
        where T : unmanaged =>
        _domain switch { MemoryDomain.Raw => _raw.AsSpan<T>(byteOffset, count), MemoryDomain.Mem => _mem.AsSpan<T>(byteOffset, count), _ => _obj.AsSpan<T>(byteOffset, count) };

    public readonly nint DangerousGetHandle() =>
        _domain switch { MemoryDomain.Raw => _raw.DangerousGetHandle(), MemoryDomain.Mem => _mem.DangerousGetHandle(), _ => _obj.DangerousGetHandle() };

    public void Dispose()
    {
        switch (_domain)
        {
            case MemoryDomain.Raw:
                _raw.Dispose();
                break;
            case MemoryDomain.Mem:
                _mem.Dispose();
                break;
            default:
                _obj.Dispose();
                break;
        }
    }
}
