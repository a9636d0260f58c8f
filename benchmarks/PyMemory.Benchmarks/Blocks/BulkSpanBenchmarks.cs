using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace PyMemory.Benchmarks.Blocks;

/// <summary>Target (d): filling and copying a 256 MiB RawBlock through Span at 90% or more of the same on
/// NativeMemory (ratio at most 1.11).</summary>
public unsafe class BulkSpanBenchmarks
{
    private const int Size = 256 << 20;
    private byte* _nativeSource;
    private byte* _nativeDestination;
    private RawBlock _blockSource = null!;
    private RawBlock _blockDestination = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ = BenchmarkPython.Initialize();
        _nativeSource = (byte*)NativeMemory.Alloc(Size);
        _nativeDestination = (byte*)NativeMemory.Alloc(Size);
        _blockSource = RawBlock.Allocate(Size);
        _blockDestination = RawBlock.Allocate(Size);

        // Touch every page once so that neither side pays first-use page faults inside the measurement.
        new Span<byte>(_nativeSource, Size).Fill(1);
        new Span<byte>(_nativeDestination, Size).Fill(1);
        _blockSource.Span.Fill(1);
        _blockDestination.Span.Fill(1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.Free(_nativeSource);
        NativeMemory.Free(_nativeDestination);
        _blockSource.Dispose();
        _blockDestination.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void NativeMemoryFillCopy()
    {
        var source = new Span<byte>(_nativeSource, Size);
        source.Fill(0x5A);
        source.CopyTo(new Span<byte>(_nativeDestination, Size));
    }

    [Benchmark]
    public void RawBlockFillCopy()
    {
        Span<byte> source = _blockSource.Span;
        source.Fill(0x5A);
        source.CopyTo(_blockDestination.Span);
    }
}
