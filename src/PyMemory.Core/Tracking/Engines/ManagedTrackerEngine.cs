using PyMemory.Allocators;
using PyMemory.Interop;
using PyMemory.Tracking.Native;

namespace PyMemory.Tracking.Engines;

/// <summary>The engine where the native library is not available: a <see cref="ManagedTrackingHook"/> on all three
/// domains (figures, peak, hard and soft limits; no marks, budget scopes or sampling).</summary>
internal sealed unsafe class ManagedTrackerEngine : TrackerEngine
{
    private ManagedTrackingHook _hook = new();
    private AllocatorHookScope? _scope;

    public override bool SupportsAccounts => false;

    public override void Restart(MemoryTrackingOptions options) => _hook = new ManagedTrackingHook();

    public override void Install(PythonApi api) => _scope = PythonAllocators.Install(_hook, MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj);

    public override bool Uninstall(PythonApi api)
    {
        bool removedExternally = false;
        if (_scope != null)
        {
            _scope.Dispose();
            removedExternally = _scope.WasRemovedExternally;
            _scope = null;
        }

        return removedExternally;
    }

    public override void Read(PmnSnapshot* snapshot) => _hook.Read(snapshot);

    public override void ReadHistogram(MemoryDomain domain, Span<ulong> counts) => _hook.ReadHistogram(domain, counts);

    public override void ResetPeak() => _hook.ResetPeak();

    public override void SetLimits(in PmnLimits limits) => _hook.SetLimits(limits);

    public override bool WaitSoftLimit(int timeoutMilliseconds) => _hook.SoftCrossed.Wait(timeoutMilliseconds);
}
