using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using PyMemory.Hosting;
using PyMemory.Logging;

namespace PyMemory.Tests.Hosting;

/// <summary>A host started in this test process, where Python is already running (started by the test fixture): the
/// host uses it, says so, and leaves it running when it stops, because it did not start it.</summary>
[Collection(UsesPython.Name)]
public class HostedRuntimeInProcessTests
{
    [Fact]
    public async Task A_host_started_after_Python_uses_it_and_does_not_shut_it_down()
    {
        var collector = new FakeLogCollector();
        using var logging = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(collector)));
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(logging);
        builder.Services.AddPyMemory(options => options.LibraryPath = TestPython.LibraryUnderTest);
        try
        {
            using IHost host = builder.Build();
            var runtime = host.Services.GetRequiredService<PyMemoryHostedRuntime>();

            await host.StartAsync();
            runtime.IsStarted.ShouldBeTrue();
            runtime.OwnsInterpreter.ShouldBeFalse();
            runtime.InterpreterThreadId.ShouldBe(0);
            using (GilScope.Enter())
            {
                PyRun.EvalToString("1 + 1").ShouldBe("2");
            }

            await host.StopAsync();
            PythonRuntime.IsRunning.ShouldBeTrue();
            PythonRuntime.State.ShouldBe(PythonRuntimeState.Started);
            FakeLogRecord warning = collector.GetSnapshot().Single(r => r.Id.Id == 306);
            warning.Level.ShouldBe(LogLevel.Warning);
            warning.Category.ShouldBe("PyMemory.Hosting");
            warning.Message.ShouldContain("cannot shut it down");
        }
        finally
        {
            PyMemoryLoggers.Use(NullLoggerFactory.Instance); // the process-wide loggers must not outlive this test's factory
        }
    }

    [Fact]
    public async Task A_host_asking_a_running_Python_for_a_start_up_option_fails_to_start_and_says_why()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPyMemory(options =>
        {
            options.LoggerFactory = NullLoggerFactory.Instance;
            options.Tracking = new PyMemory.Tracking.MemoryTrackingOptions();
        });
        try
        {
            using IHost host = builder.Build();

            InvalidOperationException failure = await Should.ThrowAsync<InvalidOperationException>(() => host.StartAsync());

            failure.Message.ShouldContain("The interpreter is already running, so EnableDebugHooks, InstallSignalHandlers, ReplaceAllocators, Tracking, Executable, PythonHome and ExtraSysPath cannot take effect");
            host.Services.GetRequiredService<PyMemoryHostedRuntime>().Started.IsFaulted.ShouldBeTrue();
            PyMemory.Tracking.MemoryTracker.IsRunning.ShouldBeFalse();
            PythonRuntime.IsRunning.ShouldBeTrue();
        }
        finally
        {
            PyMemoryLoggers.Use(NullLoggerFactory.Instance);
        }
    }
}
