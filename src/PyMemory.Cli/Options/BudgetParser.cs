using PyMemory.Tracking;

namespace PyMemory.Cli.Options;

/// <summary>Turns <c>--budget SIZE</c> and <c>--budget-domain DOMAIN=SIZE</c> into <see cref="MemoryLimits"/>.</summary>
internal static class BudgetParser
{
    /// <summary>Parses one <c>--budget-domain</c> value, such as <c>obj=64MiB</c>.</summary>
    /// <param name="text">The value.</param>
    /// <param name="domain">The domain named.</param>
    /// <param name="bytes">Its limit.</param>
    /// <param name="error">Why the value is wrong, when false.</param>
    /// <returns>True when it names a domain (raw, mem, obj) and a positive size.</returns>
    public static bool TryParseDomain(string text, out MemoryDomain domain, out long bytes, out string error)
    {
        domain = default;
        bytes = 0;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? "" : text[..equals].Trim().ToLowerInvariant();
        switch (name)
        {
            case "raw":
                domain = MemoryDomain.Raw;
                break;
            case "mem":
                domain = MemoryDomain.Mem;
                break;
            case "obj":
                domain = MemoryDomain.Obj;
                break;
            default:
                error = $"'{text}' is not DOMAIN=SIZE with DOMAIN raw, mem or obj (for example obj=64MiB).";
                return false;
        }

        return TryParseLimit(text[(equals + 1)..], out bytes, out error);
    }

    /// <summary>Parses a limit: a size of at least one byte.</summary>
    /// <param name="text">The size.</param>
    /// <param name="bytes">The limit.</param>
    /// <param name="error">Why it is wrong, when false.</param>
    /// <returns>True when it is a positive size.</returns>
    public static bool TryParseLimit(string text, out long bytes, out string error)
    {
        if (!ByteSize.TryParse(text, out bytes, out error))
        {
            return false;
        }

        if (bytes <= 0)
        {
            error = $"A budget must be at least 1 byte, not '{text}'.";
            return false;
        }

        return true;
    }

    /// <summary>The limits for a total and per-domain budgets; null when neither was given.</summary>
    /// <param name="total">The total (<c>--budget</c>), or null.</param>
    /// <param name="domains">The domains' limits (<c>--budget-domain</c>, the last one given per domain wins).</param>
    /// <returns>The limits, or null.</returns>
    public static MemoryLimits? Limits(long? total, IReadOnlyDictionary<MemoryDomain, long> domains) =>
        total is null && domains.Count == 0
            ? null
            : new MemoryLimits
            {
                TotalBytes = total,
                RawBytes = domains.TryGetValue(MemoryDomain.Raw, out long raw) ? raw : null,
                MemBytes = domains.TryGetValue(MemoryDomain.Mem, out long mem) ? mem : null,
                ObjBytes = domains.TryGetValue(MemoryDomain.Obj, out long obj) ? obj : null,
            };
}
