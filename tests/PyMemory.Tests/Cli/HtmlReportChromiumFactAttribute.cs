namespace PyMemory.Tests.Cli;

/// <summary>A test that needs headless Chromium: skipped, naming how to install it, on a machine without, except when
/// <c>CI</c> is <c>true</c> (then it runs and fails, because CI installs the browser).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HtmlReportChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips the test when no browser is installed, outside CI.</summary>
    public HtmlReportChromiumFactAttribute()
    {
        if (HtmlReportChromium.Path is null && !ContinuousIntegration.IsRunning)
        {
            Skip = HtmlReportChromium.InstallHint;
        }
    }
}
