using PyMemory.Interop;
using PyMemory.Tests.Objects;

namespace PyMemory.Tests.Cancellation;

/// <summary>
/// The cancellable forms of <see cref="PyRun"/> in the shared test process, for what cannot hang: a token cancelled
/// before the run runs nothing, a zero timeout times out before the run, bad timeouts are refused, an uncancelled token
/// changes nothing, and an interruption that comes as the code returns or after it never reaches later Python code.
/// Runs that only a cancellation ends are in <see cref="CancelInterruptsTests"/> (child processes).
/// </summary>
[Collection(UsesPython.Name)]
public class PyRunCancellationTests
{
    [Fact]
    public void A_token_cancelled_before_the_run_throws_with_that_token_and_runs_nothing()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("ran");
        using var source = new CancellationTokenSource();
        source.Cancel();
        using PyObjectHandle mark = PyRun.Eval($"lambda: globals().__setitem__('{name}', True)", CancellationToken.None);
        using PyObjectHandle code = PyRun.Compile($"{name} = True");

        Should.Throw<OperationCanceledException>(() => PyRun.Exec($"{name} = True", source.Token)).CancellationToken.ShouldBe(source.Token);
        Should.Throw<OperationCanceledException>(() => PyRun.Eval($"globals().__setitem__('{name}', True)", source.Token)).CancellationToken.ShouldBe(source.Token);
        Should.Throw<OperationCanceledException>(() => PyRun.Exec(code, source.Token)).CancellationToken.ShouldBe(source.Token);
        Should.Throw<OperationCanceledException>(() => PyRun.Call(mark, source.Token)).CancellationToken.ShouldBe(source.Token);
        Should.Throw<OperationCanceledException>(() => PyRun.Call(mark, [], source.Token)).CancellationToken.ShouldBe(source.Token);
        Should.Throw<OperationCanceledException>(() => PyRun.Exec($"{name} = True", TimeSpan.FromSeconds(10), source.Token));

        PyRun.EvalToString($"globals().get('{name}')").ShouldBe("None");
        PythonException.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void A_zero_timeout_times_out_before_the_run()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("ran");

        Should.Throw<TimeoutException>(() => PyRun.Exec($"{name} = True", TimeSpan.Zero, CancellationToken.None));

        PyRun.EvalToString($"globals().get('{name}')").ShouldBe("None");
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(-1000)]
    [InlineData(int.MaxValue + 1.0)]
    public void A_negative_or_too_long_timeout_is_refused(double milliseconds)
    {
        using GilScope gil = GilScope.Enter();
        TimeSpan timeout = TimeSpan.FromMilliseconds(milliseconds);
        using PyObjectHandle function = PyRun.Eval("lambda: 1", CancellationToken.None);
        using PyObjectHandle code = PyRun.Compile("pass");

        Should.Throw<ArgumentOutOfRangeException>(() => PyRun.Exec("pass", timeout, CancellationToken.None)).ParamName.ShouldBe("timeout");
        Should.Throw<ArgumentOutOfRangeException>(() => PyRun.Eval("1", timeout, CancellationToken.None)).ParamName.ShouldBe("timeout");
        Should.Throw<ArgumentOutOfRangeException>(() => PyRun.Exec(code, timeout, CancellationToken.None)).ParamName.ShouldBe("timeout");
        Should.Throw<ArgumentOutOfRangeException>(() => PyRun.Call(function, timeout, CancellationToken.None)).ParamName.ShouldBe("timeout");
        Should.Throw<ArgumentOutOfRangeException>(() => PyRun.Call(function, [], timeout, CancellationToken.None)).ParamName.ShouldBe("timeout");
    }

    [Fact]
    public void Arguments_are_checked_before_the_token()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        Should.Throw<ArgumentNullException>(() => PyRun.Exec((string)null!, source.Token));
        Should.Throw<ArgumentException>(() => PyRun.Exec("a\0b", source.Token));
        Should.Throw<ArgumentNullException>(() => PyRun.Call(null!, source.Token));
    }

    [Fact]
    public void Without_the_GIL_the_cancellable_forms_throw_GilRequiredException() =>
        FreshThread.Run(() =>
        {
            using var source = new CancellationTokenSource();
            Should.Throw<GilRequiredException>(() => PyRun.Exec("pass", source.Token));
            Should.Throw<GilRequiredException>(() => PyRun.Eval("1", TimeSpan.FromSeconds(1), source.Token));
        });

    [Fact]
    public void An_uncancelled_token_or_timeout_changes_nothing()
    {
        using GilScope gil = GilScope.Enter();
        string name = MainModule.UniqueName("value");
        using var source = new CancellationTokenSource();

        PyRun.Exec($"{name} = 20", source.Token);
        PyRun.Exec($"{name} += 1", TimeSpan.FromSeconds(30), source.Token);
        using (PyObjectHandle doubled = PyRun.Eval($"{name} * 2", source.Token))
        {
            PyObjects.ReadInt64(doubled).ShouldBe(42);
        }

        using PyObjectHandle add = PyRun.Eval("lambda a, b: a + b", source.Token);
        using PyObjectHandle one = PyObjects.FromInt64(1);
        using (PyObjectHandle sum = PyRun.Call(add, [one, one], TimeSpan.FromSeconds(30), source.Token))
        {
            PyObjects.ReadInt64(sum).ShouldBe(2);
        }

        PythonException error = Should.Throw<PythonException>(() => PyRun.Exec("raise KeyError('k')", source.Token));
        error.PythonTypeName.ShouldBe("KeyError"); // Python errors stay PythonException
        PythonException.IsPending.ShouldBeFalse();
        PyRun.Exec($"del {name}");
    }

    [Fact]
    public void Cancels_racing_the_end_of_short_runs_never_reach_later_code() =>
        FreshThread.Run(() =>
        {
            int cancelled = 0, completed = 0;
            for (int i = 0; i < 200; i++)
            {
                using var source = new CancellationTokenSource();
                using (GilScope.Enter())
                {
                    var canceller = new Thread(source.Cancel);
                    canceller.Start();
                    try
                    {
                        PyRun.Exec("x = [j for j in range(50)]", source.Token);
                        completed++;
                    }
                    catch (OperationCanceledException e) when (e.CancellationToken == source.Token)
                    {
                        cancelled++;
                    }

                    canceller.Join();
                    PyRun.Exec("y = sum(j for j in range(100))"); // throws if an interruption was left behind
                }
            }

            (cancelled + completed).ShouldBe(200);
        });

    [Fact]
    public void An_interruption_asked_for_as_the_code_returns_is_flushed_before_later_code() =>
        WithHook((run, api) => run.InterruptUnderGil(api), () =>
        {
            using GilScope gil = GilScope.Enter();
            using var source = new CancellationTokenSource();

            // The interruption was asked for while the run still counted as going, and the code returned before raising
            // it: the run's result stands, and the raise is made and cleared before the GIL is given up.
            PyRun.Exec("x = 1", source.Token);
        }, () =>
        {
            using GilScope gil = GilScope.Enter();
            PyRun.Exec("for i in range(10): pass");
            PythonException.IsPending.ShouldBeFalse();
        });

    [Fact]
    public void An_interruption_that_comes_after_the_run_finished_does_nothing()
    {
        CancellableRun? finished = null;
        WithHook((run, _) => finished = run, () =>
        {
            using GilScope gil = GilScope.Enter();
            using var source = new CancellationTokenSource();
            PyRun.Exec("x = 1", source.Token);
        }, () =>
        {
            using GilScope gil = GilScope.Enter();
            finished.ShouldNotBeNull().InterruptUnderGil(PythonRuntime.Api); // as the canceller would, too late
            PyRun.Exec("for i in range(10): pass");
            PythonException.IsPending.ShouldBeFalse();
        });
    }

    /// <summary>Runs <paramref name="run"/> with <paramref name="hook"/> acting right after the code returned (only on
    /// this test's thread), then <paramref name="after"/> on the same thread without the hook.</summary>
    private static void WithHook(Action<CancellableRun, PythonApi> hook, Action run, Action after) =>
        FreshThread.Run(() =>
        {
            int thread = Environment.CurrentManagedThreadId;
            CancellableRun.AfterCodeReturnedForTests = (r, api) =>
            {
                if (Environment.CurrentManagedThreadId == thread)
                {
                    hook(r, api);
                }
            };
            try
            {
                run();
            }
            finally
            {
                CancellableRun.AfterCodeReturnedForTests = null;
            }

            after();
        });
}
