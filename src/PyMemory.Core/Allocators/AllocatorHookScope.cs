namespace PyMemory.Allocators;

/// <summary>
/// One installation of an <see cref="AllocatorHook"/> on one or more domains. Disposing it puts back exactly the
/// allocators that were current before (all five addresses), except in a domain where someone else already took the
/// hook out (see <see cref="WasRemovedExternally"/>); disposing it again does nothing.
/// </summary>
/// <remarks>
/// <para>Scopes must be disposed in reverse order of installation, per domain. Disposing a scope while another
/// allocator sits on top of its hook (a later scope still active, or a foreign hook such as the one
/// <c>tracemalloc.start()</c> installs) throws <see cref="InvalidOperationException"/> and changes nothing: restoring
/// would silently remove the allocator on top. Dispose the later one first, then this one again.</para>
/// <para>Someone else may also take the hook out of the chain: <c>tracemalloc.stop()</c> puts back the allocators it
/// saved at <c>tracemalloc.start()</c>, so a hook installed while tracemalloc was tracing is dropped and gets no more
/// calls. Dispose then finds the hook gone, leaves that domain as it is (putting the previous allocator back would
/// reinstall tracemalloc's hook), succeeds, and reports it in <see cref="WasRemovedExternally"/>.</para>
/// </remarks>
public sealed class AllocatorHookScope : IDisposable
{
    private readonly Entry[] _entries;
    private volatile bool _disposed;
    private bool _removedExternally;

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

    /// <summary>True until the scope is disposed. A hook that someone else took out of the chain (see
    /// <see cref="WasRemovedExternally"/>) stays active until Dispose finds that out; CPython gives no notice.</summary>
    public bool IsActive => !_disposed;

    /// <summary>True when <see cref="Dispose"/> found the hook already out of the chain of at least one of its domains,
    /// removed by someone else (typically <c>tracemalloc.stop()</c>, restoring the allocators it saved before the hook
    /// was installed). Those domains were left as they were, and the hook had received no calls there since.</summary>
    public bool WasRemovedExternally => Volatile.Read(ref _removedExternally);

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

    /// <summary>Removes the hook, restoring the previous allocators where the hook is still on top, and leaving alone
    /// the domains where someone else already took it out (<see cref="WasRemovedExternally"/>). Harmless when already
    /// disposed.</summary>
    /// <exception cref="InvalidOperationException">Another allocator was installed on top of this hook and is still
    /// there (scopes disposed out of order, or a foreign hook), or an allocator PyMemory cannot see through sits on top
    /// so it cannot tell; nothing was changed. Also thrown when the GIL cannot be taken on this thread (inside
    /// <see cref="GilScope.AllowThreads"/>).</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        PythonAllocators.Remove(this, _entries);
    }

    internal void MarkDisposed(bool removedExternally)
    {
        Volatile.Write(ref _removedExternally, removedExternally);
        _disposed = true;
    }

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
