namespace PyMemory.Tests.Pooling;

/// <summary>A clock whose timers fire only when the test says so (<see cref="Fire"/>): the idle trim is driven without
/// sleeping.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];

    /// <summary>The period of every timer created, in order.</summary>
    public List<TimeSpan> Periods { get; } = [];

    /// <summary>Timers created and not yet disposed.</summary>
    public int LiveTimers
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count(t => !t.Disposed);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
            Periods.Add(period);
        }

        return timer;
    }

    /// <summary>Runs the callback of every live timer once, on this thread.</summary>
    public void Fire()
    {
        ManualTimer[] timers;
        lock (_timers)
        {
            timers = [.. _timers.Where(t => !t.Disposed)];
        }

        foreach (ManualTimer timer in timers)
        {
            timer.Callback(timer.State);
        }
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => !Disposed;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
