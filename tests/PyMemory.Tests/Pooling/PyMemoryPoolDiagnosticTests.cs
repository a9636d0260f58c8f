using System.Buffers;

namespace PyMemory.Tests.Pooling;

/// <summary><see cref="PyMemoryPoolOptions.DiagnosticMode"/>: double returns, uses after return and writes after return are
/// reported with the call sites.</summary>
[Collection(UsesPython.Name)]
public sealed class PyMemoryPoolDiagnosticTests
{
    [Fact]
    public void A_double_return_throws_naming_where_it_was_rented_and_first_returned()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { DiagnosticMode = true });
        IMemoryOwner<byte> owner = RentHere(pool);
        ReturnHere(owner);

        InvalidOperationException error = Should.Throw<InvalidOperationException>(owner.Dispose);

        error.Message.ShouldContain("returned twice");
        error.Message.ShouldContain(nameof(RentHere));
        error.Message.ShouldContain(nameof(ReturnHere));
        error.Message.ShouldNotContain("PoolCallSite"); // the pool's own frames are left out
        PoolProbe.ClassOf(pool, 64).RetainedBlocks.ShouldBe(1); // and the block is still retained once
    }

    [Fact]
    public void A_use_after_return_names_the_call_sites()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { DiagnosticMode = true });
        IMemoryOwner<byte> owner = RentHere(pool);
        Memory<byte> stale = owner.Memory;
        ReturnHere(owner);

        ObjectDisposedException error = Should.Throw<ObjectDisposedException>(() => stale.Span[0]);

        error.Message.ShouldContain(nameof(RentHere));
        error.Message.ShouldContain(nameof(ReturnHere));
    }

    [Fact]
    public void A_write_through_a_stale_pointer_is_caught_at_the_next_rent_and_the_block_is_not_handed_out()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { DiagnosticMode = true });
        IMemoryOwner<byte> owner = RentHere(pool);
        nint address = PoolProbe.AddressOf(owner);
        ReturnHere(owner);
        PoolProbe.Raw(address, 64).IndexOfAnyExcept(PyMemoryPoolOptions.DefaultPoisonByte).ShouldBe(-1); // poisoned at return

        unsafe
        {
            ((byte*)address)[17] = 0x01; // a bug: writing after the return (safe here only because the pool retains it)
        }

        InvalidOperationException error = Should.Throw<InvalidOperationException>(() => pool.Rent(64));

        error.Message.ShouldContain("written after it was returned: byte 17 is 0x01");
        error.Message.ShouldContain(nameof(RentHere));
        error.Message.ShouldContain(nameof(ReturnHere));
        PoolSizeClassStatistics figures = PoolProbe.ClassOf(pool, 64);
        (figures.RetainedBlocks, figures.RentedBlocks).ShouldBe((0L, 0L)); // freed, not kept
        using IMemoryOwner<byte> fresh = pool.Rent(64); // the pool goes on working
        fresh.Memory.Length.ShouldBe(64);
    }

    [Fact]
    public void A_zero_fill_is_what_diagnostic_mode_checks_when_zero_is_chosen()
    {
        using var pool = new PyMemoryPool(new PyMemoryPoolOptions { DiagnosticMode = true, ReturnFill = PoolReturnFill.Zero });
        IMemoryOwner<byte> owner = pool.Rent(64);
        owner.Memory.Span.Fill(0xEE);
        nint address = PoolProbe.AddressOf(owner);
        owner.Dispose();
        PoolProbe.Raw(address, 64).IndexOfAnyExcept((byte)0).ShouldBe(-1);

        using IMemoryOwner<byte> again = pool.Rent(64); // untouched: no complaint
        PoolProbe.AddressOf(again).ShouldBe(address);
    }

    [Fact]
    public void Outside_diagnostic_mode_no_call_site_is_recorded()
    {
        using var pool = new PyMemoryPool();
        IMemoryOwner<byte> owner = RentHere(pool);
        Memory<byte> stale = owner.Memory;
        ReturnHere(owner);

        Should.Throw<ObjectDisposedException>(() => stale.Span[0]).Message.ShouldNotContain(nameof(RentHere));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IMemoryOwner<byte> RentHere(PyMemoryPool pool) => pool.Rent(64);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ReturnHere(IMemoryOwner<byte> owner) => owner.Dispose();
}
