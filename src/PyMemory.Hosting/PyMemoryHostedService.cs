using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PyMemory.Hosting;

/// <summary>
/// Starts Python when the host starts and finalizes it when the host stops, both on one dedicated thread: CPython's
/// threading shutdown only completes on the thread that started the interpreter, and <see cref="PythonRuntime.Shutdown"/>
/// refuses anywhere else. The thread initializes, then parks until the host has stopped every other hosted service
/// (<see cref="StoppedAsync"/>), then waits for threads still inside a <see cref="GilScope"/> to leave (until the host's
/// shutdown timeout) and finalizes.
/// </summary>
[SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Created by dependency injection.")]
internal sealed class PyMemoryHostedService : IHostedLifecycleService, IDisposable
{
    private const string Owner = "the PyMemory hosted service (services.AddPyMemory)";
    private static readonly TimeSpan ScopePoll = TimeSpan.FromMilliseconds(20);

    private readonly IOptions<PythonRuntimeOptions> _options;
    private readonly PyMemoryHostedRuntime _runtime;
    private readonly ILogger _logger;
    private readonly ManualResetEventSlim _stopRequested = new();
    private readonly TaskCompletionSource<string> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private CancellationToken _stopDeadline;

    public PyMemoryHostedService(IOptions<PythonRuntimeOptions> options, PyMemoryHostedRuntime runtime, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _runtime = runtime;
        _logger = (ILogger?)loggerFactory?.CreateLogger("PyMemory.Hosting") ?? NullLogger.Instance;
    }

    /// <summary>Starts Python on the interpreter thread and returns once it runs; the start's exception fails the host's
    /// start. Runs before any hosted service's StartAsync.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        PythonRuntimeOptions options = _options.Value; // validated (ValidateOnStart) before any StartingAsync runs
        var thread = new Thread(() => Run(options)) { IsBackground = true, Name = "PyMemory interpreter" };

        // Claimed before the state is read, so that no other thread can start Python between the check and the start.
        PythonRuntime.ClaimStart(thread.ManagedThreadId, Owner);
        PythonRuntimeState state = PythonRuntime.State;
        if (state is PythonRuntimeState.Started or PythonRuntimeState.Attached)
        {
            // Whoever started it owns its shutdown (other code of this process, or another host such as pythonnet).
            PythonRuntime.ReleaseStartClaim();
            try
            {
                PythonRuntime.Initialize(options); // logging, and the start-up options' checks against the running interpreter
            }
            catch (Exception e) when (e is InvalidOperationException or InterpreterFinalizedException)
            {
                _logger.StartFailed(e);
                _runtime.SetFailed(e);
                throw;
            }

            if (state == PythonRuntimeState.Attached)
            {
                _logger.AttachedToOtherHost();
            }
            else
            {
                _logger.StartedBeforeHost(PythonRuntime.InitializingThreadId);
            }

            _runtime.SetStarted(ownsInterpreter: false, threadId: 0);
            return Task.CompletedTask;
        }

        if (state is PythonRuntimeState.ShuttingDown or PythonRuntimeState.Finalized)
        {
            PythonRuntime.ReleaseStartClaim();
            var finalized = new InterpreterFinalizedException();
            _logger.StartFailed(finalized);
            _runtime.SetFailed(finalized);
            throw finalized;
        }

        _logger.Starting(thread.ManagedThreadId);
        _thread = thread;
        thread.Start();
        return _runtime.Started.WaitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Finalizes Python on the interpreter thread, after every other hosted service has stopped (the web
    /// server's requests included). <paramref name="cancellationToken"/> is the host's shutdown timeout: threads still
    /// inside a GilScope by then keep Python running, and the host stops without finalizing it.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_thread == null || !_thread.IsAlive)
        {
            _runtime.SetCanceled(); // stopped before it started (no effect when it used a running Python): nothing to finalize
            return;
        }

        _stopDeadline = cancellationToken;
        _stopRequested.Set();
        string outcome = await _stopped.Task.ConfigureAwait(false);
        _logger.Stopped(outcome);
    }

    public void Dispose() => _stopRequested.Dispose();

    private void Run(PythonRuntimeOptions options)
    {
        try
        {
            PythonRuntime.Initialize(options);
        }
#pragma warning disable CA1031 // any failure of the start is the host's start failure: reported to StartingAsync
        catch (Exception e)
#pragma warning restore CA1031
        {
            PythonRuntime.ReleaseStartClaim();
            _logger.StartFailed(e);
            _runtime.SetFailed(e);
            _stopped.TrySetResult("Python never started");
            return;
        }

        // Attached: another host (pythonnet) started the interpreter in this process, and finalizes it.
        bool owns = PythonRuntime.State == PythonRuntimeState.Started;
        _runtime.SetStarted(owns, Environment.CurrentManagedThreadId);
        _stopRequested.Wait();
        _stopped.TrySetResult(owns ? Shutdown() : "left the interpreter another host started running");
    }

    /// <summary>Finalizes once no other thread is inside a GilScope (Shutdown refuses while one is, because it could
    /// neither take the GIL from it nor let it finish afterwards), or gives up at the host's shutdown timeout.</summary>
    private string Shutdown()
    {
        bool told = false;
        while (true)
        {
            int inScope = PythonRuntime.OtherThreadsInScope;
            if (inScope > 0)
            {
                if (!told)
                {
                    _logger.WaitingForScopes(inScope);
                    told = true;
                }

                if (_stopDeadline.WaitHandle.WaitOne(ScopePoll))
                {
                    _logger.ShutdownAbandoned(PythonRuntime.OtherThreadsInScope);
                    return "Python was not finalized: threads were still inside a GilScope at the shutdown timeout";
                }

                continue;
            }

            try
            {
                return PythonRuntime.Shutdown() ? "finalized Python" : "Python was already finalized";
            }
            catch (InvalidOperationException) when (PythonRuntime.OtherThreadsInScope > 0)
            {
                // A thread entered a scope between the count and Shutdown (Core logged the refusal): wait again.
            }
            catch (InvalidOperationException e)
            {
                // Refused for another reason (pythonnet's engine still runs: PyMemory.PythonNet); Core logged it. Left
                // running rather than thrown on this thread, which would end the process.
                return "Python was not finalized: " + e.Message;
            }
        }
    }
}
