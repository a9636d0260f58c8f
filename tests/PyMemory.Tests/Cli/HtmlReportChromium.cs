using System.Diagnostics;

namespace PyMemory.Tests.Cli;

/// <summary>Headless Chromium, for screenshots of the HTML report: found on PATH (chromium, chromium-browser,
/// google-chrome), run as a child process with a timeout.</summary>
internal static class HtmlReportChromium
{
    public const string InstallHint = "needs Chromium for the headless screenshot (Debian/Ubuntu: apt-get install chromium; .ci/run installs it)";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The browser's path, or null when none is installed.</summary>
    public static string? Path { get; } = Find();

    /// <summary>Screenshots <paramref name="htmlFile"/> at 1200 x 1000 into a PNG and returns its bytes.</summary>
    /// <exception cref="TimeoutException">The browser did not finish within <see cref="Timeout"/> (it is killed).</exception>
    public static byte[] Screenshot(string htmlFile, string pngFile)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(InstallHint))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string profile = Directory.CreateTempSubdirectory("pymem-chromium-").FullName;
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile,
            "--screenshot=" + pngFile, "--window-size=1200,1000", new Uri(htmlFile).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            ChildProcess.Result result = ChildProcess.Execute(start, Timeout, "chromium");
            result.ExitCode.ShouldBe(0, $"chromium failed:\n{result}");
            return File.ReadAllBytes(pngFile);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string? Find()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => folders.Select(folder => System.IO.Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }
}
