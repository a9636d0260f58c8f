using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PyMemory.Hosting;

namespace PyMemory.Tests.Hosting;

/// <summary>services.AddPyMemory: what it registers, how options bind from configuration (through the binder's source
/// generator, which Hosting uses), and what fails validation. None of these start Python.</summary>
public class AddPyMemoryTests
{
    [Fact]
    public void AddPyMemory_registers_its_hosted_service_once_and_before_every_other_hosted_service()
    {
        var services = new ServiceCollection();
        services.AddHostedService<IdleHostedService>();

        services.AddPyMemory().AddPyMemory(options => options.EnableDebugHooks = true);

        ServiceDescriptor[] hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).ToArray();
        hosted.Length.ShouldBe(2);
        hosted[0].ImplementationType.ShouldBe(typeof(PyMemoryHostedService));
        services.Count(d => d.ServiceType == typeof(PyMemoryHostedRuntime)).ShouldBe(1);
    }

    [Fact]
    public void A_configuration_section_binds_every_setting_including_the_tracking_options_and_limits()
    {
        IConfiguration configuration = Configuration(new()
        {
            ["PyMemory:LibraryPath"] = "/opt/python/lib/libpython3.12.so",
            ["PyMemory:EnableDebugHooks"] = "true",
            ["PyMemory:InstallSignalHandlers"] = "false",
            ["PyMemory:Tracking:SampleInterval"] = "1048576",
            ["PyMemory:Tracking:MaxFrames"] = "32",
            ["PyMemory:Tracking:PeakResolution"] = "0",
            ["PyMemory:Tracking:Limits:TotalBytes"] = "268435456",
            ["PyMemory:Tracking:Limits:RawBytes"] = "1000",
            ["PyMemory:Tracking:Limits:MemBytes"] = "2000",
            ["PyMemory:Tracking:Limits:ObjBytes"] = "67108864",
            ["PyMemory:Tracking:Limits:SoftTotalBytes"] = "134217728",
            ["PyMemory:Tracking:Limits:HeadroomBytes"] = "4096",
        });

        PythonRuntimeOptions options = Resolve(services => services.AddPyMemory(configuration.GetSection("PyMemory")));

        options.LibraryPath.ShouldBe("/opt/python/lib/libpython3.12.so");
        options.EnableDebugHooks.ShouldBeTrue();
        options.InstallSignalHandlers.ShouldBeFalse();
        options.ReplaceAllocators.ShouldBeNull();
        options.Tracking.ShouldNotBeNull();
        options.Tracking.SampleInterval.ShouldBe(1048576);
        options.Tracking.MaxFrames.ShouldBe(32);
        options.Tracking.PeakResolution.ShouldBe(0);
        options.Tracking.Limits.ShouldBe(new PyMemory.Tracking.MemoryLimits
        {
            TotalBytes = 268435456,
            RawBytes = 1000,
            MemBytes = 2000,
            ObjBytes = 67108864,
            SoftTotalBytes = 134217728,
            HeadroomBytes = 4096,
        });
    }

    [Fact]
    public void Unset_tracking_keys_keep_their_defaults_and_no_tracking_section_starts_no_tracker()
    {
        PythonRuntimeOptions partial = Resolve(services => services.AddPyMemory(Configuration(new() { ["PyMemory:Tracking:MaxFrames"] = "8" }).GetSection("PyMemory")));
        partial.Tracking!.MaxFrames.ShouldBe(8);
        partial.Tracking.SampleInterval.ShouldBe(PyMemory.Tracking.MemoryTrackingOptions.DefaultSampleInterval);
        partial.Tracking.Limits.ShouldBeNull();

        PythonRuntimeOptions none = Resolve(services => services.AddPyMemory(Configuration(new() { ["PyMemory:EnableDebugHooks"] = "true" }).GetSection("PyMemory")));
        none.Tracking.ShouldBeNull();
    }

    [Fact]
    public void Code_configuration_runs_after_binding_so_code_wins()
    {
        IConfiguration configuration = Configuration(new() { ["PyMemory:LibraryPath"] = "/from/configuration.so", ["PyMemory:EnableDebugHooks"] = "true" });

        PythonRuntimeOptions options = Resolve(services => services.AddPyMemory(configuration.GetSection("PyMemory"), o => o.LibraryPath = "/from/code.so"));

        options.LibraryPath.ShouldBe("/from/code.so");
        options.EnableDebugHooks.ShouldBeTrue();
    }

    [Fact]
    public void The_hosts_logger_factory_is_given_to_the_options_unless_the_application_set_one()
    {
        using var hostFactory = new LoggerFactory();
        PythonRuntimeOptions fromHost = Resolve(services => services.AddSingleton<ILoggerFactory>(hostFactory).AddPyMemory());
        fromHost.LoggerFactory.ShouldBeSameAs(hostFactory);

        PythonRuntimeOptions own = Resolve(services => services.AddSingleton<ILoggerFactory>(hostFactory).AddPyMemory(o => o.LoggerFactory = NullLoggerFactory.Instance));
        own.LoggerFactory.ShouldBeSameAs(NullLoggerFactory.Instance);

        PythonRuntimeOptions withoutLogging = Resolve(services => services.AddPyMemory());
        withoutLogging.LoggerFactory.ShouldBeNull();
    }

    [Theory]
    [InlineData("PyMemory:InstallSignalHandlers", "true", "PyMemory:InstallSignalHandlers cannot be true under the hosted service")]
    [InlineData("PyMemory:Tracking:MaxFrames", "0", "PyMemory:Tracking:MaxFrames: Keep 1 to 128 frames per sample.")]
    [InlineData("PyMemory:Tracking:SampleInterval", "-1", "PyMemory:Tracking:SampleInterval:")]
    [InlineData("PyMemory:Tracking:Limits:TotalBytes", "-5", "PyMemory:Tracking:Limits:TotalBytes: A limit is a positive number of bytes")]
    public void Invalid_settings_fail_validation_with_a_message_naming_the_key(string key, string value, string message)
    {
        IConfiguration configuration = Configuration(new() { [key] = value });

        OptionsValidationException failure = Should.Throw<OptionsValidationException>(
            () => Resolve(services => services.AddPyMemory(configuration.GetSection("PyMemory"))));

        failure.Message.ShouldContain(message);
    }

    [Fact]
    public async Task A_host_with_invalid_options_fails_to_start_before_its_hosted_services_start()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddCommandLine(["--PyMemory:InstallSignalHandlers=true"]);
        builder.Services.AddPyMemory(builder.Configuration.GetSection("PyMemory"));
        var probe = new IdleHostedService();
        builder.Services.AddSingleton<IHostedService>(probe);
        using IHost host = builder.Build();

        OptionsValidationException failure = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        failure.Message.ShouldContain("InstallSignalHandlers");
        probe.Started.ShouldBeFalse();
        host.Services.GetRequiredService<PyMemoryHostedRuntime>().Started.IsCompleted.ShouldBeFalse();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static PythonRuntimeOptions Resolve(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PythonRuntimeOptions>>().Value;
    }

    private sealed class IdleHostedService : IHostedService
    {
        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
