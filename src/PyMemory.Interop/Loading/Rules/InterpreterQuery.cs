using System.Diagnostics;

namespace PyMemory.Interop.Loading.Rules;

/// <summary>Asks a python executable, through sysconfig, where its shared library is (and its own
/// <c>sys.executable</c>); remembers the answer in the
/// <see cref="DiscoveryCache"/> when one is given, so that a repeat start does not spawn the interpreter again.</summary>
internal sealed class InterpreterQuery(DiscoveryCache? cache)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private const string Script =
        "import os, sys, sysconfig\n" +
        "print('executable=' + (sys.executable or ''))\n" +
        "v = sysconfig.get_config_var\n" +
        "d = v('LIBDIR') or ''\n" +
        "for n in (v('LDLIBRARY'), v('INSTSONAME')):\n" +
        "    if n:\n" +
        "        print(os.path.join(d, n))\n" +
        "        if v('MULTIARCH'): print(os.path.join(d, v('MULTIARCH'), n))\n" +
        "if os.name == 'nt': print(os.path.join(sys.base_prefix, 'python%d%d.dll' % sys.version_info[:2]))\n";

    /// <summary>What <paramref name="interpreter"/> reports: the existing, loadable-looking library files and its
    /// <c>sys.executable</c>; <see cref="InterpreterAnswer.None"/> when it is missing, not runnable, or does not answer
    /// within the timeout.</summary>
    public InterpreterAnswer Ask(string interpreter)
    {
        if (!File.Exists(interpreter))
        {
            return InterpreterAnswer.None;
        }

        if (cache?.TryGet(interpreter) is { } remembered)
        {
            return remembered;
        }

        // Only a complete answer is remembered: a timeout or a failure to run is asked again next time.
        InterpreterAnswer? answer = Run(interpreter);
        if (answer != null)
        {
            cache?.Store(interpreter, answer);
        }

        return answer ?? InterpreterAnswer.None;
    }

    private static InterpreterAnswer? Run(string interpreter)
    {
        var found = new List<string>();
        string? executable = null;
        try
        {
            var start = new ProcessStartInfo(interpreter)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            if (process.ExitCode != 0)
            {
                return null;
            }

            foreach (string line in output.GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith("executable=", StringComparison.Ordinal))
                {
                    executable = line["executable=".Length..] is { Length: > 0 } named && File.Exists(named) ? named : null;
                }

                // A static build reports libpythonX.Y.a, which cannot be loaded.
                else if (!line.EndsWith(".a", StringComparison.Ordinal) && File.Exists(line) && !found.Contains(line))
                {
                    found.Add(line);
                }
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // Not runnable: the interpreter simply contributes no candidate.
            return null;
        }

        return new InterpreterAnswer(executable, found);
    }
}
