namespace PyMemory.Allocators;

/// <summary>
/// One installation of an <see cref="AllocatorHook"/> on one or more domains. Disposing it puts back exactly the
/// allocators that were current before (all five addresses); disposing it again does nothing.
/// </summary>
/// <remarks>
/// Scopes must be disposed in reverse order of installation, per domain. Disposing a scope while another allocator
/// sits on top of its hook (a later scope still active, or a foreign hook such as the one <c>tracemalloc.start()</c>
/// installs) throws <see cref="InvalidOperationException"/> and changes nothing: restoring would silently remove the
/// allocator on top. Dispose the later one first, then this one again.
/// </remarks>
public sealed class AllocatorHookScope : IDisposable
{
    private readonly Entry[] _entries;
    private volatile bool _disposed;

    internal AllocatorHookScope(AllocatorHook hook, Entry[] entries)
    {
        Hook = hook;
        _entries = entries;
        Domains = Array.AsReadOnly(entries.Select(e => e.Domain).ToArray());
    }

    /// <summary>The hook this scope installed.</summary>
    public AllocatorHook Hook { get; }

    /// <summary>The domains the hook was installed on, in installation order.</summary>
    public IReadOnlyList<MemoryDomain> Domains { get; }

    /// <summary>True until the scope is disposed.</summary>
    public bool IsActive => !_disposed;

    /// <summary>The allocator that was current in <paramref name="domain"/> before the hook, which disposing restores.</summary>
    /// <param name="domain">One of <see cref="Domains"/>.</param>
    /// <returns>Its five addresses.</returns>
    /// <exception cref="ArgumentException">The hook was not installed on <paramref name="domain"/>.</exception>
    public AllocatorFunctions GetPrevious(MemoryDomain domain) => Find(domain).Previous;

    /// <summary>The allocator this scope installed in <paramref name="domain"/>: PyMemory's callbacks with the hook's
    /// context (the value <see cref="NextAllocator.HookContext"/> reports).</summary>
    /// <param name="domain">One of <see cref="Domains"/>.</param>
    /// <returns>Its five addresses.</returns>
    /// <exception cref="ArgumentException">The hook was not installed on <paramref name="domain"/>.</exception>
    public AllocatorFunctions GetInstalled(MemoryDomain domain) => Find(domain).Installed;

    /// <summary>Removes the hook, restoring the previous allocators. Harmless when already disposed.</summary>
    /// <exception cref="InvalidOperationException">Another allocator was installed on top of this hook and is still
    /// there (scopes disposed out of order, or a foreign hook); nothing was changed. Also thrown when the GIL cannot be
    /// taken on this thread (inside <see cref="GilScope.AllowThreads"/>).</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        PythonAllocators.Remove(this, _entries);
    }

    internal void MarkDisposed() => _disposed = true;

    private Entry Find(MemoryDomain domain)
    {
        foreach (Entry e in _entries)
        {
            if (e.Domain == domain)
            {
                return e;
            }
        }

        throw new ArgumentException($"The hook of this scope is not installed on the {domain} domain.", nameof(domain));
    }

    /// <summary>What one domain had before the hook and what it got.</summary>
    internal readonly record struct Entry(MemoryDomain Domain, AllocatorFunctions Previous, AllocatorFunctions Installed, int Slot);
}
