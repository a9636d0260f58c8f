using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PyMemory;
using PyMemory.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds PyMemory to a .NET host: options through <c>IOptions</c>, the host's logging, and a hosted service that
/// starts Python when the host starts and shuts it down when the host stops, on one dedicated thread (docs/hosting.md).</summary>
public static class PyMemoryServiceCollectionExtensions
{
    /// <summary>The configuration section <see cref="AddPyMemory(IServiceCollection, IConfiguration)"/>
    /// is usually given: <c>configuration.GetSection(PyMemoryServiceCollectionExtensions.SectionName)</c>.</summary>
    public const string SectionName = "PyMemory";

    /// <summary>
    /// Registers <see cref="PythonRuntimeOptions"/> (validated when the host starts), the host's
    /// <see cref="Logging.ILoggerFactory"/> as <see cref="PythonRuntimeOptions.LoggerFactory"/> when none is set,
    /// <see cref="PyMemoryHostedRuntime"/> (to await the start), and the hosted service that starts and stops Python.
    /// Calling it again adds the configuration only.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddPyMemory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddServices(services, services.AddOptions<PythonRuntimeOptions>());
        return services;
    }

    /// <summary>As <see cref="AddPyMemory(IServiceCollection)"/>, setting options in code.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options in code (runs after configuration binding registered earlier).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    public static IServiceCollection AddPyMemory(this IServiceCollection services, Action<PythonRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddServices(services, services.AddOptions<PythonRuntimeOptions>().Configure(configure));
        return services;
    }

    /// <summary>
    /// As <see cref="AddPyMemory(IServiceCollection)"/>, binding the options from a
    /// configuration section first (keys: <c>LibraryPath</c>, <c>EnableDebugHooks</c>, <c>InstallSignalHandlers</c>,
    /// <c>Tracking:SampleInterval</c>, <c>Tracking:MaxFrames</c>, <c>Tracking:PeakResolution</c>,
    /// <c>Tracking:Limits:TotalBytes</c> and the other <see cref="PyMemory.Tracking.MemoryLimits"/> properties). Binding is
    /// generated at compile time, so it is trimming- and AOT-safe. Changes to the configuration after the start change
    /// nothing (the interpreter reads its options once).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("PyMemory")</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IServiceCollection AddPyMemory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddServices(services, services.AddOptions<PythonRuntimeOptions>().Bind(configuration));
        return services;
    }

    /// <summary>As <see cref="AddPyMemory(IServiceCollection, IConfiguration)"/>, then sets options in code (after
    /// binding, so code wins over configuration).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("PyMemory")</c>.</param>
    /// <param name="configure">Sets options in code after binding.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="configuration"/> or
    /// <paramref name="configure"/> is null.</exception>
    public static IServiceCollection AddPyMemory(this IServiceCollection services, IConfiguration configuration, Action<PythonRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        AddServices(services, services.AddOptions<PythonRuntimeOptions>().Bind(configuration).Configure(configure));
        return services;
    }

    private static void AddServices(IServiceCollection services, OptionsBuilder<PythonRuntimeOptions> options)
    {
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PythonRuntimeOptions>, PythonRuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PythonRuntimeOptions>, HostServicesIntoOptions>());
        services.TryAddSingleton(_ => new PyMemoryHostedRuntime());
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PyMemoryHostedService)))
        {
            // First of the hosted services: its StartingAsync runs before every other hosted service's, so Python is up
            // before they start, and it stops last, after they (and the web server's requests) are done with it.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PyMemoryHostedService>());
        }
    }
}
