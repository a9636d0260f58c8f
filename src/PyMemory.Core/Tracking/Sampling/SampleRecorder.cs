using System.Runtime.InteropServices;
using PyMemory.Interop;
using PyMemory.Tracking.Native;

namespace PyMemory.Tracking.Sampling;

/// <summary>
/// Receives the native tracker's sampled allocations (a callback on the allocating thread, with the tracker bypassed)
/// and the frees of sampled blocks, and keeps what the reports need: per sample its site, weight and mark; per site
/// its frames (code objects and lines) and running estimates.
/// </summary>
/// <remarks>
/// <para>The callbacks run inside CPython's allocator, on any thread, with or without the GIL: they take one lock,
/// never call anything that allocates through Python, never throw (a failure is counted and the block is simply not
/// sampled), and read frames only when the thread holds the GIL (<see cref="HoldsGil"/>). Names are read from the
/// code objects only when a report is asked for (<see cref="SiteNames"/>), under the GIL.</para>
/// <para>Each distinct code object is kept alive by one strong reference (taken with <c>Py_IncRef</c> or kept from
/// <c>PyFrame_GetCode</c>, neither allocates) until the samples are reset or sampling stops, at most
/// <see cref="MaxCodeObjects"/> of them; frames of further code objects are recorded without their code (file
/// and function <c>&lt;unknown&gt;</c>, line kept). Keeping a code object alive also keeps the memory it holds: code
/// that is compiled, run once and dropped (each <c>PyRun.Exec</c> string) is freed only at the reset. At most
/// <see cref="MaxSites"/> sites are kept; further stacks go to one overflow site.</para>
/// <para>A sample id is <c>epoch &lt;&lt; 24 | slot + 1</c>: after a reset the epoch changes, so frees of blocks sampled
/// before are ignored rather than taken from newer samples (the epoch has 8 bits: a block that stays alive across 255
/// resets could be mistaken for a newer sample).</para>
/// </remarks>
internal static unsafe class SampleRecorder
{
    /// <summary>The most distinct code objects kept alive.</summary>
    public const int MaxCodeObjects = 20_000;

    /// <summary>The most distinct sites kept.</summary>
    public const int MaxSites = 100_000;

    private const int SlotBits = 24;
    private const uint SlotMask = (1u << SlotBits) - 1;
    private const int MaxFramesLimit = 128;
    private const int NoFrameKind = 1;
    private const int OverflowKind = 2;

    private static readonly Lock Sync = new();

    private static readonly Dictionary<nint, int> CodeIndex = [];
    private static readonly List<nint> Codes = [];
    private static readonly Dictionary<nint, SiteNames> NameCache = [];

    private static FrameCapture? s_capture;
    private static int s_maxFrames = 16;
    private static volatile bool s_active;
    private static uint s_epoch = 1;
    private static long s_openMark;
    private static long s_failures;
    private static long s_dropped;
    private static long s_uncodedFrames;
    private static int s_failNext;

    private static SiteRecord[] s_sites = new SiteRecord[256];
    private static int s_siteCount;
    private static FrameKey[] s_framePool = new FrameKey[4096];
    private static int s_framePoolCount;
    private static int[] s_buckets = new int[1024]; // site index + 1, 0 = empty; chains through SiteRecord.Next
    private static SampleSlot[] s_slots = new SampleSlot[1024];
    private static int s_slotHigh;
    private static int s_freeSlot; // slot index + 1 of the first free slot, 0 = none

    /// <summary>True while samples are being recorded.</summary>
    public static bool IsActive => s_active;

    /// <summary>Callbacks that failed (an exception caught before it could reach CPython).</summary>
    public static long Failures => Interlocked.Read(ref s_failures);

    /// <summary>Samples not recorded because 16,777,215 sampled blocks were alive at once.</summary>
    public static long Dropped => Interlocked.Read(ref s_dropped);

    /// <summary>Frames recorded without their code object, because <see cref="MaxCodeObjects"/> were held.</summary>
    public static long UncodedFrames => Interlocked.Read(ref s_uncodedFrames);

    /// <summary>Code objects held now.</summary>
    public static int HeldCodeObjects
    {
        get
        {
            lock (Sync)
            {
                return Codes.Count;
            }
        }
    }

    /// <summary>For tests: the next <paramref name="count"/> sample callbacks throw inside (to show that nothing reaches
    /// CPython and the failure is counted).</summary>
    internal static void FailNextSamples(int count) => Volatile.Write(ref s_failNext, count);

    /// <summary>Sets sampling up for a tracker that is starting (the caller holds the tracker's lock, and the GIL when
    /// the interpreter runs). The Python API is bound at the first sample taken while the interpreter runs
    /// (<see cref="PythonRuntime.TryGetLiveApi"/>): samples taken before (while the interpreter starts, with the
    /// start-up option) or after <see cref="PythonRuntime.Shutdown"/> began have no frames.</summary>
    public static void Start(NativeTracker.Exports tracker, MemoryTrackingOptions options)
    {
        List<nint> old;
        FrameCapture? previous;
        lock (Sync)
        {
            old = ResetLocked();
            previous = s_capture;
            s_capture = null;
            s_maxFrames = Math.Clamp(options.MaxFrames, 1, MaxFramesLimit);
            s_active = options.SampleInterval > 0;
        }

        Release(previous, old);
        tracker.pmn_set_sampling(
            options.SampleInterval,
            options.SampleInterval > 0 ? (nint)(delegate* unmanaged<int, void*, nuint, ulong, uint>)&OnSampled : 0,
            options.SampleInterval > 0 ? (nint)(delegate* unmanaged<uint, void>)&OnFreed : 0);
    }

    /// <summary>Turns sampling off for a tracker that is stopping (the caller holds the GIL) and drops every sample and
    /// code object.</summary>
    public static void Stop(NativeTracker.Exports tracker)
    {
        tracker.pmn_set_sampling(0, 0, 0);
        List<nint> old;
        FrameCapture? capture;
        lock (Sync)
        {
            s_active = false;
            old = ResetLocked();
            capture = s_capture;
        }

        Release(capture, old);
    }

    /// <summary>Forgets every sample and releases the code objects (the caller holds the GIL); sampling goes on.</summary>
    public static void Reset()
    {
        List<nint> old;
        FrameCapture? capture;
        lock (Sync)
        {
            old = ResetLocked();
            capture = s_capture;
        }

        Release(capture, old);
    }

    /// <summary>A mark opened: samples taken from now on belong to it.</summary>
    public static void MarkOpened(long markId) => Volatile.Write(ref s_openMark, markId);

    /// <summary>The mark closed.</summary>
    public static void MarkClosed(long markId) => Interlocked.CompareExchange(ref s_openMark, 0, markId);

    /// <summary>The sites with the largest figures, names resolved (the caller holds the GIL).</summary>
    /// <param name="order">What to rank by.</param>
    /// <param name="count">How many at most.</param>
    /// <param name="markId">Only live blocks sampled while this mark was open; 0 for all samples.</param>
    public static List<AllocationSite> TopSites(AllocationSiteOrder order, int count, long markId)
    {
        List<SiteCopy> copies;
        lock (Sync)
        {
            copies = TopSitesLocked(order, count, markId);
        }

        // Names outside the lock: reading them allocates, and those allocations may be sampled on this thread.
        PythonApi api = PythonRuntime.Api;
        var sites = new List<AllocationSite>(copies.Count);
        foreach (SiteCopy copy in copies)
        {
            var frames = new SiteFrame[copy.Codes.Length];
            for (int i = 0; i < frames.Length; i++)
            {
                SiteNames names = copy.Kind == OverflowKind ? new SiteNames("<other sites>", "<site table full>") : Names(api, copy.Codes[i]);
                frames[i] = new SiteFrame(names.File, names.Function, copy.Lines[i]);
            }

            sites.Add(new AllocationSite(
                frames,
                (long)Math.Round(copy.LiveBytes),
                (long)Math.Round(copy.LiveBlocks),
                (long)Math.Round(copy.AllocatedBytes),
                (long)Math.Round(copy.AllocatedBlocks),
                copy.Samples,
                copy.LiveSamples,
                copy.OsThreads,
                copy.ManagedThreads,
                copy.Domains));
        }

        return sites;
    }

    [UnmanagedCallersOnly]
    private static uint OnSampled(int domain, void* block, nuint size, ulong weight)
    {
        try
        {
            return Record(domain, (long)size, (long)weight);
        }
        catch (Exception)
        {
            // Unwinding into CPython's allocator would end the process: the block is just not sampled.
            Interlocked.Increment(ref s_failures);
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnFreed(uint sample)
    {
        try
        {
            Forget(sample);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref s_failures);
        }
    }

    private static uint Record(int domain, long size, long weight)
    {
        if (!s_active)
        {
            return 0;
        }

        if (Volatile.Read(ref s_failNext) > 0 && Interlocked.Decrement(ref s_failNext) >= 0)
        {
            throw new InvalidOperationException("A failure injected by a test.");
        }

        int maxFrames = s_maxFrames;
        Span<nint> codes = stackalloc nint[MaxFramesLimit];
        Span<int> lines = stackalloc int[MaxFramesLimit];
        int n = 0;
        FrameCapture? capture = s_capture ?? BindCapture();
        PythonApi? api = capture?.Api;
        nint threadState = api != null ? api.PyThreadState_GetUnchecked() : 0;
        if (capture != null && HoldsGil(capture, threadState) && capture.IsMainInterpreter(threadState))
        {
            n = capture.Capture(threadState, codes[..maxFrames], lines[..maxFrames]);
        }

        int osThread = OsThread.CurrentId;
        int managedThread = Environment.CurrentManagedThreadId;
        bool owned = capture?.CodesAreOwned == true;
        lock (Sync)
        {
            if (!s_active || capture != s_capture)
            {
                ReleaseCaptured(api, codes[..n], owned); // sampling stopped or restarted meanwhile
                return 0;
            }

            int slot = TakeSlot();
            if (slot < 0)
            {
                s_dropped++;
                ReleaseCaptured(api, codes[..n], owned);
                return 0;
            }

            Span<FrameKey> keys = stackalloc FrameKey[n];
            for (int i = 0; i < n; i++)
            {
                keys[i] = new FrameKey(Keep(api!, codes[i], owned), lines[i]);
            }

            int site = FindOrAddSite(keys, n == 0 ? NoFrameKind : 0, n == 0 ? osThread : 0);
            double blocks = size > 0 ? (double)weight / size : 1;
            ref SiteRecord s = ref s_sites[site];
            s.Samples++;
            s.LiveSamples++;
            s.AllocatedBytes += weight;
            s.LiveBytes += weight;
            s.AllocatedBlocks += blocks;
            s.LiveBlocks += blocks;
            s.Domains |= 1 << domain;
            long thread = ((long)osThread << 32) | (uint)managedThread;
            if (s.Threads.Count < 64)
            {
                _ = s.Threads.Add(thread);
            }

            s_slots[slot] = new SampleSlot { Site = site, Weight = weight, Blocks = blocks, Mark = Volatile.Read(ref s_openMark), Domain = domain, Alive = true };
            return (s_epoch << SlotBits) | (uint)(slot + 1);
        }
    }

    /// <summary>The frame reader for the running interpreter, made at the first sample that finds one; null while
    /// there is none (starting, shutting down).</summary>
    private static FrameCapture? BindCapture()
    {
        if (!PythonRuntime.TryGetLiveApi(out PythonApi? api))
        {
            return null;
        }

        var capture = new FrameCapture(api);
        lock (Sync)
        {
            if (s_active)
            {
                s_capture ??= capture;
            }

            return s_capture;
        }
    }

    /// <summary>Whether the allocating thread holds the GIL, so that its frames may be read. Only CPython's own state
    /// is trusted here, not PyMemory's scope bookkeeping (<see cref="Gil.IsHeld"/>): an allocation can happen in the
    /// instants a scope is taking or giving back the GIL, when the two disagree. From 3.12 the current thread state is
    /// per thread and set only while attached; before, it is process-wide (another thread's while that one holds the
    /// GIL), so it must also be this thread's own. A thread with several thread states (subinterpreters) may be seen
    /// as not holding it: its samples then have no frames, which is safe.</summary>
    private static bool HoldsGil(FrameCapture capture, nint threadState) =>
        threadState != 0 && (capture.ThreadStateIsPerThread || threadState == capture.Api.PyGILState_GetThisThreadState());

    private static void Forget(uint sample)
    {
        lock (Sync)
        {
            int slot = (int)(sample & SlotMask) - 1;
            if (sample >> SlotBits != s_epoch || slot < 0 || slot >= s_slotHigh || !s_slots[slot].Alive)
            {
                return; // sampled before a reset: its site is gone
            }

            ref SampleSlot s = ref s_slots[slot];
            ref SiteRecord site = ref s_sites[s.Site];
            site.LiveSamples--;
            site.LiveBytes -= s.Weight;
            site.LiveBlocks -= s.Blocks;
            s = new SampleSlot { Next = s_freeSlot };
            s_freeSlot = slot + 1;
        }
    }

    private static int TakeSlot()
    {
        if (s_freeSlot != 0)
        {
            int slot = s_freeSlot - 1;
            s_freeSlot = s_slots[slot].Next;
            return slot;
        }

        if (s_slotHigh == (int)SlotMask)
        {
            return -1;
        }

        if (s_slotHigh == s_slots.Length)
        {
            Array.Resize(ref s_slots, Math.Min(s_slots.Length * 2, (int)SlotMask));
        }

        return s_slotHigh++;
    }

    /// <summary>The index of a code object, keeping one reference to each (Py_IncRef and Py_DecRef do not allocate, and
    /// a frame still holds the code, so the release here never frees); -1 beyond the cap.</summary>
    private static int Keep(PythonApi api, nint code, bool owned)
    {
        if (CodeIndex.TryGetValue(code, out int index))
        {
            if (owned)
            {
                api.Py_DecRef(code);
            }

            return index;
        }

        if (Codes.Count >= MaxCodeObjects)
        {
            if (owned)
            {
                api.Py_DecRef(code);
            }

            s_uncodedFrames++;
            return -1;
        }

        if (!owned)
        {
            api.Py_IncRef(code);
        }

        index = Codes.Count;
        Codes.Add(code);
        CodeIndex.Add(code, index);
        return index;
    }

    private static void ReleaseCaptured(PythonApi? api, ReadOnlySpan<nint> codes, bool owned)
    {
        if (owned && api != null)
        {
            foreach (nint code in codes)
            {
                api.Py_DecRef(code);
            }
        }
    }

    private static int FindOrAddSite(ReadOnlySpan<FrameKey> keys, int kind, int thread)
    {
        int hash = HashOf(keys, kind, thread);
        for (int i = s_buckets[hash & (s_buckets.Length - 1)]; i != 0; i = s_sites[i - 1].Next)
        {
            ref SiteRecord s = ref s_sites[i - 1];
            if (s.Hash == hash && s.Kind == kind && s.NoFrameThread == thread && keys.SequenceEqual(s_framePool.AsSpan(s.FrameStart, s.FrameCount)))
            {
                return i - 1;
            }
        }

        if (s_siteCount >= MaxSites)
        {
            return FindOrAddOverflowSite();
        }

        return AddSite(keys, kind, thread, hash);
    }

    private static int FindOrAddOverflowSite()
    {
        int hash = HashOf([], OverflowKind, 0);
        for (int i = s_buckets[hash & (s_buckets.Length - 1)]; i != 0; i = s_sites[i - 1].Next)
        {
            if (s_sites[i - 1].Kind == OverflowKind)
            {
                return i - 1;
            }
        }

        return AddSite([new FrameKey(-1, 0)], OverflowKind, 0, hash);
    }

    private static int AddSite(ReadOnlySpan<FrameKey> keys, int kind, int thread, int hash)
    {
        if (s_siteCount == s_sites.Length)
        {
            Array.Resize(ref s_sites, s_sites.Length * 2);
        }

        if (s_framePoolCount + keys.Length > s_framePool.Length)
        {
            Array.Resize(ref s_framePool, Math.Max(s_framePool.Length * 2, s_framePoolCount + keys.Length));
        }

        keys.CopyTo(s_framePool.AsSpan(s_framePoolCount));
        int index = s_siteCount++;
        s_sites[index] = new SiteRecord
        {
            FrameStart = s_framePoolCount,
            FrameCount = keys.Length,
            Kind = kind,
            NoFrameThread = thread,
            Hash = hash,
            Threads = [],
        };
        s_framePoolCount += keys.Length;
        if (s_siteCount > s_buckets.Length)
        {
            Rehash();
        }
        else
        {
            Link(index);
        }

        return index;
    }

    private static void Rehash()
    {
        s_buckets = new int[s_buckets.Length * 2];
        for (int i = 0; i < s_siteCount; i++)
        {
            Link(i);
        }
    }

    private static void Link(int index)
    {
        ref int bucket = ref s_buckets[s_sites[index].Hash & (s_buckets.Length - 1)];
        s_sites[index].Next = bucket;
        bucket = index + 1;
    }

    private static int HashOf(ReadOnlySpan<FrameKey> keys, int kind, int thread)
    {
        var hash = default(HashCode);
        hash.Add(kind);
        hash.Add(thread);
        foreach (FrameKey key in keys)
        {
            hash.Add(key.Code);
            hash.Add(key.Line);
        }

        return hash.ToHashCode();
    }

    private static List<nint> ResetLocked()
    {
        List<nint> old = [.. Codes];
        Codes.Clear();
        CodeIndex.Clear();
        NameCache.Clear();
        s_epoch = s_epoch % 255 + 1; // 1..255, so that no id is 0
        s_sites = new SiteRecord[256];
        s_siteCount = 0;
        s_framePool = new FrameKey[4096];
        s_framePoolCount = 0;
        s_buckets = new int[1024];
        s_slots = new SampleSlot[1024];
        s_slotHigh = 0;
        s_freeSlot = 0;
        return old;
    }

    /// <summary>Gives back the references to code objects; when the interpreter is gone they are just dropped.</summary>
    private static void Release(FrameCapture? capture, List<nint> codes)
    {
        if (capture == null || codes.Count == 0 || !PythonRuntime.TryGetLiveApi(out PythonApi? api) || api != capture.Api)
        {
            return;
        }

        foreach (nint code in codes)
        {
            api.Py_DecRef(code);
        }
    }

    private static List<SiteCopy> TopSitesLocked(AllocationSiteOrder order, int count, long markId)
    {
        SiteRecord[] sites = s_sites;
        int siteCount = s_siteCount;
        Figures[] figures = new Figures[siteCount];
        if (markId == 0)
        {
            for (int i = 0; i < siteCount; i++)
            {
                ref SiteRecord s = ref sites[i];
                figures[i] = new Figures(s.LiveBytes, s.LiveBlocks, s.AllocatedBytes, s.AllocatedBlocks, s.Samples, s.LiveSamples, s.Domains);
            }
        }
        else
        {
            for (int i = 0; i < s_slotHigh; i++)
            {
                ref SampleSlot slot = ref s_slots[i];
                if (slot.Alive && slot.Mark == markId)
                {
                    ref Figures f = ref figures[slot.Site];
                    f.LiveBytes += slot.Weight;
                    f.LiveBlocks += slot.Blocks;
                    f.AllocatedBytes += slot.Weight;
                    f.AllocatedBlocks += slot.Blocks;
                    f.Samples++;
                    f.LiveSamples++;
                    f.Domains |= 1 << slot.Domain;
                }
            }
        }

        int[] ranked = Enumerable.Range(0, siteCount)
            .Where(i => figures[i].Samples > 0 && (markId == 0 || figures[i].LiveSamples > 0))
            .OrderByDescending(i => order == AllocationSiteOrder.LiveBytes ? figures[i].LiveBytes : figures[i].AllocatedBytes)
            .ThenByDescending(i => figures[i].Samples)
            .Take(count)
            .ToArray();
        var copies = new List<SiteCopy>(ranked.Length);
        foreach (int i in ranked)
        {
            ref SiteRecord s = ref sites[i];
            Figures f = figures[i];
            var codes = new nint[s.FrameCount];
            var lines = new int[s.FrameCount];
            for (int k = 0; k < s.FrameCount; k++)
            {
                FrameKey key = s_framePool[s.FrameStart + k];
                codes[k] = key.Code >= 0 ? Codes[key.Code] : 0;
                lines[k] = key.Line;
            }

            copies.Add(new SiteCopy(
                s.Kind,
                codes,
                lines,
                f.LiveBytes,
                f.LiveBlocks,
                f.AllocatedBytes,
                f.AllocatedBlocks,
                f.Samples,
                f.LiveSamples,
                [.. s.Threads.Select(t => (int)(t >> 32)).Distinct().Order()],
                [.. s.Threads.Select(t => (int)(uint)t).Distinct().Order()],
                [.. Enum.GetValues<MemoryDomain>().Where(d => (f.Domains & (1 << (int)d)) != 0)]));
        }

        return copies;
    }

    /// <summary>A code object's file and function, read once per code object (under the GIL).</summary>
    private static SiteNames Names(PythonApi api, nint code)
    {
        if (code == 0)
        {
            return new SiteNames("<unknown>", "<unknown>");
        }

        if (NameCache.TryGetValue(code, out SiteNames names))
        {
            return names;
        }

        names = new SiteNames(
            Attribute(api, code, "co_filename"u8),
            Attribute(api, code, api.Version.IsAtLeast(3, 11) ? "co_qualname"u8 : "co_name"u8));
        NameCache[code] = names;
        return names;
    }

    private static string Attribute(PythonApi api, nint code, ReadOnlySpan<byte> name)
    {
        nint value;
        fixed (byte* p = name)
        {
            value = api.PyObject_GetAttrString(code, p);
        }

        if (value == 0)
        {
            api.PyErr_Clear();
            return "<unknown>";
        }

        try
        {
            nint length;
            byte* utf8 = api.PyUnicode_AsUTF8AndSize(value, &length);
            if (utf8 == null)
            {
                api.PyErr_Clear();
                return "<unknown>";
            }

            return System.Text.Encoding.UTF8.GetString(utf8, checked((int)length));
        }
        finally
        {
            api.Py_DecRef(value);
        }
    }

    private readonly record struct FrameKey(int Code, int Line);

    private readonly record struct SiteNames(string File, string Function);

    private sealed record SiteCopy(
        int Kind,
        nint[] Codes,
        int[] Lines,
        double LiveBytes,
        double LiveBlocks,
        double AllocatedBytes,
        double AllocatedBlocks,
        long Samples,
        long LiveSamples,
        int[] OsThreads,
        int[] ManagedThreads,
        MemoryDomain[] Domains);

    private struct Figures(double liveBytes, double liveBlocks, double allocatedBytes, double allocatedBlocks, long samples, long liveSamples, int domains)
    {
        public double LiveBytes = liveBytes;
        public double LiveBlocks = liveBlocks;
        public double AllocatedBytes = allocatedBytes;
        public double AllocatedBlocks = allocatedBlocks;
        public long Samples = samples;
        public long LiveSamples = liveSamples;
        public int Domains = domains;
    }

    private struct SiteRecord
    {
        public int FrameStart;
        public int FrameCount;
        public int Kind;
        public int NoFrameThread;
        public int Hash;
        public int Next;
        public long Samples;
        public long LiveSamples;
        public double AllocatedBytes;
        public double LiveBytes;
        public double AllocatedBlocks;
        public double LiveBlocks;
        public int Domains;
        public HashSet<long> Threads;
    }

    private struct SampleSlot
    {
        public int Site;
        public long Weight;
        public double Blocks;
        public long Mark;
        public int Domain;
        public bool Alive;
        public int Next;
    }
}
