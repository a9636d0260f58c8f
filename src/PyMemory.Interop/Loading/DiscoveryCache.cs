using System.Globalization;
using System.Text;
using PyMemory.Interop.Loading.Rules;

namespace PyMemory.Interop.Loading;

/// <summary>
/// Remembers what a python executable answered when asked for its shared library, so that repeat starts need not
/// spawn it again (about 0.4 s each time). One small file per interpreter under the user's cache folder
/// (<c>$XDG_CACHE_HOME/pymemory</c> or <c>~/.cache/pymemory</c>), keyed by the interpreter's path and checked against
/// the file it finally points to (path, size, modification time) and the variables that change its answer
/// (<c>PYTHONHOME</c>, <c>PYTHONPATH</c>): when any of them differs, or a remembered library is gone, the entry is
/// ignored and the interpreter is asked again. Written atomically (a temporary file renamed over the entry). Never
/// fails discovery: an unreadable, corrupt or unwritable cache only means asking the interpreter.
/// </summary>
internal sealed class DiscoveryCache
{
    /// <summary>Set to <c>0</c>, <c>false</c>, <c>off</c> or <c>no</c> to neither read nor write the cache.</summary>
    public const string OptOutVariable = "PYMEMORY_DISCOVERY_CACHE";

    private const string Header = "pymemory-discovery-cache 2";
    private const string LibraryKey = "library";
    private const string ExecutableKey = "executable";
    private const string EntryPrefix = "interpreter-";

    /// <summary>How many entries the folder keeps at most.</summary>
    public const int MaxEntries = 64;

    private readonly Func<string, string?> _environment;

    private DiscoveryCache(string directory, Func<string, string?> environment)
    {
        Directory = directory;
        _environment = environment;
    }

    /// <summary>The folder holding the entries.</summary>
    public string Directory { get; }

    /// <summary>The cache for this user, or null when it is switched off (<see cref="OptOutVariable"/>) or there is
    /// no cache folder to use (no <c>HOME</c>).</summary>
    public static DiscoveryCache? For(Func<string, string?> environment)
    {
        string? optOut = environment(OptOutVariable)?.Trim();
        if (optOut is "0" || string.Equals(optOut, "false", StringComparison.OrdinalIgnoreCase)
            || string.Equals(optOut, "off", StringComparison.OrdinalIgnoreCase) || string.Equals(optOut, "no", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return UserCacheFolder(environment) is { } root ? new DiscoveryCache(Path.Combine(root, "pymemory"), environment) : null;
    }

    /// <summary>The answer remembered for <paramref name="interpreter"/>, or null when there is no valid entry.</summary>
    public InterpreterAnswer? TryGet(string interpreter)
    {
        try
        {
            if (Stamp(interpreter) is not { } stamp || !File.Exists(EntryPath(interpreter)))
            {
                return null;
            }

            string[] lines = File.ReadAllLines(EntryPath(interpreter));
            if (lines.Length < stamp.Count + 2 || !string.Equals(lines[0], Header, StringComparison.Ordinal)
                || !lines[stamp.Count + 1].StartsWith(ExecutableKey + "=", StringComparison.Ordinal))
            {
                return null;
            }

            for (int i = 0; i < stamp.Count; i++)
            {
                if (!string.Equals(lines[i + 1], stamp[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }

            string? executable = lines[stamp.Count + 1][(ExecutableKey.Length + 1)..] is { Length: > 0 } named ? named : null;
            var libraries = new List<string>();
            foreach (string line in lines.Skip(stamp.Count + 2))
            {
                // Anything else than a library line means a corrupt entry; a file that is gone means a stale one.
                if (!line.StartsWith(LibraryKey + "=", StringComparison.Ordinal) || !File.Exists(line[(LibraryKey.Length + 1)..]))
                {
                    return null;
                }

                libraries.Add(line[(LibraryKey.Length + 1)..]);
            }

            return executable != null && !File.Exists(executable) ? null : new InterpreterAnswer(executable, libraries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Remembers <paramref name="answer"/> as <paramref name="interpreter"/>'s; does nothing when the cache
    /// cannot be written.</summary>
    public void Store(string interpreter, InterpreterAnswer answer)
    {
        string? temporary = null;
        try
        {
            string[] values = [answer.Executable ?? "", .. answer.Libraries];
            if (Stamp(interpreter) is not { } stamp || values.Any(v => v.Contains('\n', StringComparison.Ordinal) || v.Contains('\r', StringComparison.Ordinal)))
            {
                return;
            }

            var text = new StringBuilder().Append(Header).Append('\n');
            foreach (string line in stamp)
            {
                text.Append(line).Append('\n');
            }

            text.Append(ExecutableKey).Append('=').Append(answer.Executable).Append('\n');
            foreach (string library in answer.Libraries)
            {
                text.Append(LibraryKey).Append('=').Append(library).Append('\n');
            }

            System.IO.Directory.CreateDirectory(Directory);
            string entry = EntryPath(interpreter);

            // Renamed over the entry in one step, so that a concurrent start reads the old entry or the new one,
            // never half of one.
            temporary = entry + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, text.ToString());
            File.Move(temporary, entry, overwrite: true);
            temporary = null;
            Prune(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // An unwritable cache costs the next start one query, nothing more.
        }
        finally
        {
            if (temporary != null)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort.
                }
            }
        }
    }

    /// <summary>Keeps the folder small (interpreters in temporary folders, venvs since deleted leave entries behind):
    /// beyond <see cref="MaxEntries"/> the least recently written entries go. Runs only after a query, which costs far
    /// more than listing one folder.</summary>
    private void Prune(string keep)
    {
        FileInfo[] entries = new DirectoryInfo(Directory).GetFiles(EntryPrefix + "*.txt");
        if (entries.Length <= MaxEntries)
        {
            return;
        }

        foreach (FileInfo old in entries.Where(e => !string.Equals(e.FullName, keep, StringComparison.Ordinal))
                     .OrderBy(e => e.LastWriteTimeUtc).Take(entries.Length - MaxEntries))
        {
            old.Delete();
        }
    }

    /// <summary>The entry's file: named by a hash of the interpreter's full path (FNV-1a, 64 bits: the entry repeats
    /// the path, so a collision only costs a query; a cryptographic hash would load OpenSSL, tens of milliseconds at
    /// start-up, which is what the cache is there to save).</summary>
    public string EntryPath(string interpreter)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in Encoding.UTF8.GetBytes(Path.GetFullPath(interpreter)))
        {
            hash = (hash ^ b) * 1099511628211;
        }

        return Path.Combine(Directory, EntryPrefix + hash.ToString("x16", CultureInfo.InvariantCulture) + ".txt");
    }

    /// <summary>What an entry must match: the interpreter, the file it finally is, that file's size and modification
    /// time, and the variables that change what it answers. Null when the interpreter cannot be examined or a value
    /// does not fit on a line.</summary>
    private List<string>? Stamp(string interpreter)
    {
        string full = Path.GetFullPath(interpreter);
        var target = new FileInfo(full);
        if (target.LinkTarget != null)
        {
            target = target.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? target;
        }

        if (!target.Exists)
        {
            return null;
        }

        List<string> stamp =
        [
            "interpreter=" + full,
            "target=" + target.FullName,
            "size=" + target.Length.ToString(CultureInfo.InvariantCulture),
            "modified=" + target.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture),
            "PYTHONHOME=" + _environment("PYTHONHOME"),
            "PYTHONPATH=" + _environment("PYTHONPATH"),
        ];
        return stamp.Any(line => line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal)) ? null : stamp;
    }

    private static string? UserCacheFolder(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows())
        {
            return environment("LOCALAPPDATA") is { Length: > 0 } local ? local : null;
        }

        // The XDG base directory rules: a relative XDG_CACHE_HOME is invalid and ignored.
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return xdg;
        }

        if (environment("HOME") is not { Length: > 0 } home)
        {
            return null;
        }

        return OperatingSystem.IsMacOS() ? Path.Combine(home, "Library", "Caches") : Path.Combine(home, ".cache");
    }
}
