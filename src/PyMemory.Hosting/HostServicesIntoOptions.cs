using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PyMemory.Hosting;

/// <summary>Gives <see cref="PythonRuntimeOptions"/> the host's services it can use when the application set none:
/// the logger factory (and, once the metrics work is merged, the meter factory).</summary>
[SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Created by dependency injection.")]
internal sealed class HostServicesIntoOptions(IServiceProvider services) : IPostConfigureOptions<PythonRuntimeOptions>
{
    public void PostConfigure(string? name, PythonRuntimeOptions options)
    {
        options.LoggerFactory ??= (ILoggerFactory?)services.GetService(typeof(ILoggerFactory));

        // METRICS: the lead wires the meter factory here when merging the metrics branch (PythonRuntimeOptions.MeterFactory):
        // options.MeterFactory ??= (System.Diagnostics.Metrics.IMeterFactory?)services.GetService(typeof(System.Diagnostics.Metrics.IMeterFactory));
    }
}
