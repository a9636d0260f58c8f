using System.Runtime.ExceptionServices;

namespace PyMemory.Tests.Infrastructure;

/// <summary>Runs test code on a new thread (one that has never held the GIL), bounded by a timeout, and rethrows
/// what it threw. xunit's own threads are pooled and may have entered scopes in other tests.</summary>
internal static class FreshThread
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static void Run(Action action) => Join(Start(action));

    /// <summary>Runs <paramref name="action"/> on a new thread and returns what it threw (null when nothing).</summary>
    public static Exception? Catch(Action action)
    {
        (Thread thread, Func<Exception?> error) = Start(action);
        if (!thread.Join(Timeout))
        {
            throw new TimeoutException($"the test thread did not finish in {Timeout.TotalSeconds} s (deadlock?)");
        }

        return error();
    }

    public static (Thread Thread, Func<Exception?> Error) Start(Action action)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // rethrown on the test thread by Join
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }
        })
        {
            IsBackground = true, // a deadlocked thread must not keep the test process alive
        };
        thread.Start();
        return (thread, () => error);
    }

    public static void Join((Thread Thread, Func<Exception?> Error) started)
    {
        if (!started.Thread.Join(Timeout))
        {
            throw new TimeoutException($"the test thread did not finish in {Timeout.TotalSeconds} s (deadlock?)");
        }

        if (started.Error() is { } e)
        {
            ExceptionDispatchInfo.Capture(e).Throw();
        }
    }
}
