using System.Diagnostics;
using System.Globalization;
using PyMemory.Cli.Options;
using PyMemory.Cli.Reports;
using PyMemory.Tracking;

namespace PyMemory.Cli.Running;

/// <summary>
/// Reads the tracker's figures on a background thread while the script runs: every <see cref="Interval"/> a point of
/// the timeline, and once the script has run for a second, a live line of live bytes per domain on stderr. A snapshot
/// needs no GIL and calls no Python, so reading it never slows the script down beyond the read itself (under a
/// microsecond).
/// </summary>
internal sealed class LiveMonitor : IDisposable
{
    /// <summary>Time between two timeline points at first.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Timeline points kept at most: beyond, every other point is dropped and the interval doubles, so that
    /// a long run keeps an even curve of bounded size.</summary>
    public const int MaxPoints = 2000;

    private static readonly TimeSpan LiveAfter = TimeSpan.FromSeconds(1);

    private readonly List<TimelinePoint> _points = [];
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock;
    private readonly ManualResetEventSlim _stop = new();
    private readonly TextWriter _error;
    private readonly bool _showLive;
    private readonly bool _inPlace;
    private readonly Thread _thread;
    private TimeSpan _interval = Interval;
    private TimeSpan _lastPlainLine;
    private bool _lineShown;

    /// <summary>Starts monitoring: the first point is read now.</summary>
    /// <param name="clock">The script's clock (started when it starts, stopped when it returns): points are placed on
    /// it, so that the end point is exactly at the script's wall time.</param>
    /// <param name="error">Where the live line goes (stderr).</param>
    /// <param name="mode">When to show it.</param>
    /// <param name="errorIsTerminal">Whether <paramref name="error"/> is a terminal (the line is then updated in place).</param>
    public LiveMonitor(Stopwatch clock, TextWriter error, LiveMode mode, bool errorIsTerminal)
    {
        _clock = clock;
        _error = error;
        _showLive = mode == LiveMode.On || (mode == LiveMode.Auto && errorIsTerminal);
        _inPlace = errorIsTerminal;
        AddPoint();
        _thread = new Thread(Loop) { IsBackground = true, Name = "pymem live monitor" };
        _thread.Start();
    }

    /// <summary>Stops monitoring, adds the end point (the figures now, at the clock's time) and returns the timeline.</summary>
    /// <returns>The points, in time order.</returns>
    public IReadOnlyList<TimelinePoint> Finish()
    {
        _stop.Set();
        _thread.Join();
        MemorySnapshot? last = AddPoint();
        if (_showLive && !_inPlace && !_lineShown && _clock.Elapsed >= LiveAfter && last is { } s)
        {
            // A run of over a second whose monitor never got to show a line (a starved thread on a loaded machine):
            // a log still gets its one line.
            ShowLive(_clock.Elapsed, s);
        }

        if (_lineShown && _inPlace)
        {
            _error.Write("\r\u001b[K"); // the line goes away: the report follows
            _error.Flush();
        }

        lock (_gate)
        {
            return [.. _points];
        }
    }

    /// <summary>Stops the thread if <see cref="Finish"/> was not called.</summary>
    public void Dispose()
    {
        _stop.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _stop.Dispose();
    }

    /// <summary>The live line: elapsed time and live bytes per domain.</summary>
    /// <param name="elapsed">Time since the script started.</param>
    /// <param name="snapshot">The figures.</param>
    /// <returns>The text.</returns>
    internal static string LiveLine(TimeSpan elapsed, MemorySnapshot snapshot) => string.Create(
        CultureInfo.InvariantCulture,
        $"pymem {elapsed.TotalSeconds,6:0.0} s  live RAW {SizeText.Format(snapshot.Raw.LiveBytes),10}  MEM {SizeText.Format(snapshot.Mem.LiveBytes),10}  OBJ {SizeText.Format(snapshot.Obj.LiveBytes),10}  total {SizeText.Format(snapshot.Total.LiveBytes),10}  peak {SizeText.Format(snapshot.Total.PeakLiveBytes)}");

    private void Loop()
    {
        while (!_stop.Wait(_interval))
        {
            MemorySnapshot? snapshot = AddPoint();
            TimeSpan elapsed = _clock.Elapsed;
            if (_showLive && snapshot is { } s && elapsed >= LiveAfter)
            {
                ShowLive(elapsed, s);
            }
        }
    }

    private void ShowLive(TimeSpan elapsed, MemorySnapshot snapshot)
    {
        string line = LiveLine(elapsed, snapshot);
        if (_inPlace)
        {
            _error.Write("\r" + line + "\u001b[K");
        }
        else if (elapsed - _lastPlainLine >= TimeSpan.FromSeconds(1) || !_lineShown)
        {
            _error.WriteLine(line); // not a terminal: a plain line a second, which a log keeps readable
            _lastPlainLine = elapsed;
        }
        else
        {
            return;
        }

        _error.Flush();
        _lineShown = true;
    }

    private MemorySnapshot? AddPoint()
    {
        if (!MemoryTracker.TryGetSnapshot(out MemorySnapshot snapshot))
        {
            return null;
        }

        var point = new TimelinePoint(_clock.Elapsed.TotalSeconds, snapshot.Raw.LiveBytes, snapshot.Mem.LiveBytes, snapshot.Obj.LiveBytes);
        lock (_gate)
        {
            _points.Add(point);
            if (_points.Count >= MaxPoints)
            {
                // Keep the first point and every other one after it; the curve stays even at half the resolution.
                var kept = new List<TimelinePoint>(_points.Count / 2 + 1);
                for (int i = 0; i < _points.Count; i += 2)
                {
                    kept.Add(_points[i]);
                }

                _points.Clear();
                _points.AddRange(kept);
                _interval *= 2;
            }
        }

        return snapshot;
    }
}
