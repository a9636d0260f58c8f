using System.Collections.Concurrent;
using System.Globalization;

namespace PyMemory.ChildHost;

/// <summary>
/// Many threads allocate, resize, hand over and free blocks in all three domains at once for a few seconds (some
/// blocks disposed on a thread without the GIL, some left to the finalizer). Afterwards it counts its own blocks and
/// compares sys.getallocatedblocks() with the value before. Prints key=value lines.
/// </summary>
internal sealed class BlockStressScenario : IChildScenario
{
    private readonly ConcurrentQueue<NativeBlock> _handover = new();
    private readonly ConcurrentBag<WeakReference<NativeBlock>> _dropped = [];
    private long _allocated;
    private long _disposed;
    private long _scoped;
    private volatile bool _stop;

    public string Name => "block-stress";

    public int Run(string[] args)
    {
        double seconds = double.Parse(args[0], CultureInfo.InvariantCulture);
        TestLibrary.Initialize();
        long before;
        using (GilScope.Enter())
        {
            before = BlockAllocatedCount.Read();
        }

        var threads = new List<Thread>();
        for (int i = 0; i < 2; i++)
        {
            threads.Add(new Thread(RawWorker));
            threads.Add(new Thread(() => GilWorker(MemoryDomain.Mem)));
            threads.Add(new Thread(() => GilWorker(MemoryDomain.Obj)));
        }

        threads.Add(new Thread(Disposer));
        threads.ForEach(t => t.Start());
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        _stop = true;
        threads.ForEach(t => t.Join());
        Disposer();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int finalized = _dropped.Count(w => !w.TryGetTarget(out _));
        Console.WriteLine($"allocated={_allocated}");
        Console.WriteLine($"scoped={_scoped}");
        Console.WriteLine($"dropped={_dropped.Count}");
        Console.WriteLine($"live={_allocated - _disposed - finalized}");
        Console.WriteLine($"queued-before-scope={PythonRuntime.PendingReleaseCount}");
        using (GilScope.Enter())
        {
            Console.WriteLine($"pending={PythonRuntime.PendingReleaseCount}");
            Console.WriteLine($"allocated-blocks-delta={BlockAllocatedCount.Read() - before}");
        }

        return 0;
    }

    private void RawWorker()
    {
        var random = new Random(1);
        while (!_stop)
        {
            RawBlock block = RawBlock.Allocate(random.Next(0, 4096));
            Interlocked.Increment(ref _allocated);
            block.Span.Fill(1);
            block.Resize(random.Next(0, 8192));
            block.Span.Fill(2);
            using (var scoped = ScopedRawBlock.Allocate(random.Next(0, 1024)))
            {
                scoped.Span.Fill(3);
                Interlocked.Increment(ref _scoped);
            }

            Finish(block, random);
        }
    }

    private void GilWorker(MemoryDomain domain)
    {
        var random = new Random((int)domain);
        while (!_stop)
        {
            using GilScope gil = GilScope.Enter();
            for (int i = 0; i < 8; i++)
            {
                int size = random.Next(0, 10) == 0 ? random.Next(0, 100_000) : random.Next(0, 600);
                NativeBlock block = domain == MemoryDomain.Mem ? PyMemBlock.Allocate(size) : PyObjectBlock.AllocateZeroed(size, 1);
                Interlocked.Increment(ref _allocated);
                block.Span.Fill(4);
                if (random.Next(0, 4) == 0)
                {
                    block.Resize(random.Next(0, 2000));
                    block.Span.Fill(5);
                }

                if (domain == MemoryDomain.Mem)
                {
                    using var scoped = ScopedPyMemBlock.Allocate(size);
                    scoped.Span.Fill(6);
                }
                else
                {
                    using var scoped = ScopedPyObjectBlock.Allocate(size);
                    scoped.Span.Fill(6);
                }

                Interlocked.Increment(ref _scoped);
                Finish(block, random);
            }
        }
    }

    /// <summary>Disposes here, hands over to the disposer thread (no GIL), or drops the block for the finalizer.</summary>
    private void Finish(NativeBlock block, Random random)
    {
        switch (random.Next(0, 20))
        {
            case 0:
                _handover.Enqueue(block);
                break;
            case 1:
                _dropped.Add(new WeakReference<NativeBlock>(block));
                break;
            default:
                block.Dispose();
                Interlocked.Increment(ref _disposed);
                break;
        }
    }

    /// <summary>Disposes handed-over blocks on a thread that never holds the GIL.</summary>
    private void Disposer()
    {
        while (!_stop || !_handover.IsEmpty)
        {
            while (_handover.TryDequeue(out NativeBlock? block))
            {
                block.Dispose();
                block.Dispose();
                Interlocked.Increment(ref _disposed);
            }

            Thread.Sleep(1);
        }
    }
}
