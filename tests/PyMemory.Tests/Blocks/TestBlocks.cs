namespace PyMemory.Tests.Blocks;

/// <summary>Allocates a <see cref="NativeBlock"/> of any domain, so behaviour shared by all three is tested once.</summary>
internal static class TestBlocks
{
    public static readonly TheoryData<MemoryDomain> Domains = new() { MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj };

    public static readonly TheoryData<MemoryDomain> GilDomains = new() { MemoryDomain.Mem, MemoryDomain.Obj };

    /// <summary>The C function of <paramref name="domain"/>'s family, e.g. ("Malloc") PyMem_RawMalloc, PyMem_Malloc or
    /// PyObject_Malloc; spelled out here so that tests do not take the names from the code under test.</summary>
    public static string FunctionName(MemoryDomain domain, string function) => domain switch
    {
        MemoryDomain.Raw => "PyMem_Raw" + function,
        MemoryDomain.Mem => "PyMem_" + function,
        _ => "PyObject_" + function,
    };

    public static NativeBlock Allocate(MemoryDomain domain, long byteCount) => domain switch
    {
        MemoryDomain.Raw => RawBlock.Allocate(byteCount),
        MemoryDomain.Mem => PyMemBlock.Allocate(byteCount),
        _ => PyObjectBlock.Allocate(byteCount),
    };

    /// <summary>Allocates inside a <see cref="GilScope"/> and leaves it, so the block outlives this thread's hold on the GIL.</summary>
    public static NativeBlock AllocateUnderGil(MemoryDomain domain, long byteCount)
    {
        using GilScope gil = GilScope.Enter();
        return Allocate(domain, byteCount);
    }

    public static NativeBlock AllocateZeroed(MemoryDomain domain, long count, long elementSize) => domain switch
    {
        MemoryDomain.Raw => RawBlock.AllocateZeroed(count, elementSize),
        MemoryDomain.Mem => PyMemBlock.AllocateZeroed(count, elementSize),
        _ => PyObjectBlock.AllocateZeroed(count, elementSize),
    };

    public static bool TryAllocate(MemoryDomain domain, long byteCount, out NativeBlock? block)
    {
        bool ok;
        switch (domain)
        {
            case MemoryDomain.Raw:
                ok = RawBlock.TryAllocate(byteCount, out RawBlock? raw);
                block = raw;
                break;
            case MemoryDomain.Mem:
                ok = PyMemBlock.TryAllocate(byteCount, out PyMemBlock? mem);
                block = mem;
                break;
            default:
                ok = PyObjectBlock.TryAllocate(byteCount, out PyObjectBlock? obj);
                block = obj;
                break;
        }

        return ok;
    }

    public static bool TryAllocateZeroed(MemoryDomain domain, long count, long elementSize, out NativeBlock? block)
    {
        bool ok;
        switch (domain)
        {
            case MemoryDomain.Raw:
                ok = RawBlock.TryAllocateZeroed(count, elementSize, out RawBlock? raw);
                block = raw;
                break;
            case MemoryDomain.Mem:
                ok = PyMemBlock.TryAllocateZeroed(count, elementSize, out PyMemBlock? mem);
                block = mem;
                break;
            default:
                ok = PyObjectBlock.TryAllocateZeroed(count, elementSize, out PyObjectBlock? obj);
                block = obj;
                break;
        }

        return ok;
    }
}
