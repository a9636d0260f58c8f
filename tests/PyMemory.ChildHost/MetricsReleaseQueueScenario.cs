using System.Diagnostics.Metrics;
using PyMemory.Diagnostics;

namespace PyMemory.ChildHost;

/// <summary>
/// The release-queue and handle-count instruments where nothing else runs: three MEM blocks allocated under the GIL
/// are disposed by a thread without it (their frees are queued, and they stop counting as live handles), read through a
/// <see cref="MeterListener"/>, then the next scope frees the queue, read again. Prints
/// <c>stage queue=N pymem_block=N</c> per stage.
/// </summary>
internal sealed class MetricsReleaseQueueScenario : IChildScenario
{
    public string Name => "metrics-release-queue";

    public int Run(string[] args)
    {
        TestLibrary.Initialize();
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, PyMemoryMetrics.Meter) && instrument.Name is PyMemoryMetrics.PendingReleases or PyMemoryMetrics.LiveHandles)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == PyMemoryMetrics.PendingReleases)
            {
                seen["queue"] = value;
            }
            else if ((string?)tags[0].Value == PyMemoryMetrics.PyMemBlockType)
            {
                seen["pymem_block"] = value;
            }
        });
        listener.Start();

        PyMemBlock[] blocks;
        using (GilScope.Enter())
        {
            blocks = [PyMemBlock.Allocate(64), PyMemBlock.Allocate(64), PyMemBlock.Allocate(64)];
        }

        Print("held", listener, seen);
        foreach (PyMemBlock block in blocks)
        {
            block.Dispose(); // no GIL on this thread now: queued
        }

        Print("queued", listener, seen);
        using (GilScope.Enter())
        {
            // The outermost enter freed the queue.
        }

        Print("drained", listener, seen);
        return 0;
    }

    private static void Print(string stage, MeterListener listener, Dictionary<string, long> seen)
    {
        listener.RecordObservableInstruments();
        Console.WriteLine(FormattableString.Invariant($"{stage} queue={seen["queue"]} pymem_block={seen["pymem_block"]}"));
    }
}
