using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PyMemory.Hosting;

/// <summary>Gives <see cref="PythonRuntimeOptions"/> the host's services it can use when the application set none:
/// the logger factory, and the meter factory (which the generic host registers), so that the PyMemory meter belongs to
/// the host's metrics.</summary>
[SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Created by dependency injection.")]
internal sealed class HostServicesIntoOptions(IServiceProvider services) : IPostConfigureOptions<PythonRuntimeOptions>
{
    public void PostConfigure(string? name, PythonRuntimeOptions options)
    {
        options.LoggerFactory ??= (ILoggerFactory?)services.GetService(typeof(ILoggerFactory));

        options.MeterFactory ??= (IMeterFactory?)services.GetService(typeof(IMeterFactory));
    }
}
