namespace PyMemory.Tests.Sharing.Leases;

/// <summary>Assertions on leases, which lambdas cannot capture (see <see cref="RefStructAssert"/>).</summary>
internal static class LeaseAssert
{
    public static TException Throws<TException>(PyBufferLease lease, Action<PyBufferLease> use)
        where TException : Exception => RefStructAssert.Throws<TException, PyBufferLease>(lease, use);

    /// <summary>Every member of a lease that is no longer entered throws <typeparamref name="TException"/>.</summary>
    public static void EveryMemberThrows<TException>(PyBufferLease lease)
        where TException : Exception
    {
        Throws<TException>(lease, l => _ = l.Length);
        Throws<TException>(lease, l => _ = l.ItemSize);
        Throws<TException>(lease, l => _ = l.Dimensions);
        Throws<TException>(lease, l => _ = l.Format);
        Throws<TException>(lease, l => _ = l.Shape.Length);
        Throws<TException>(lease, l => _ = l.Strides.Length);
        Throws<TException>(lease, l => _ = l.IsReadOnly);
        Throws<TException>(lease, l => _ = l.IsWritable);
        Throws<TException>(lease, l => _ = l.IsContiguous);
        Throws<TException>(lease, l => _ = l.AsReadOnlySpan().Length);
        Throws<TException>(lease, l => _ = l.AsReadOnlySpan<byte>().Length);
        Throws<TException>(lease, l => _ = l.AsSpan().Length);
        Throws<TException>(lease, l => _ = l.AsSpan<byte>().Length);
        Throws<TException>(lease, l => _ = l.ReadItem<byte>(0));
        Throws<TException>(lease, l => l.WriteItem<byte>(1, 0));
        Throws<TException>(lease, l => l.CopyTo(new byte[64]));
    }
}
