namespace PyMemory.Tests.Pooling;

/// <summary><see cref="PyMemoryPoolOptions"/>: defaults, checks with clear exceptions, and the copy the pool takes.</summary>
[Collection(UsesPython.Name)]
public sealed class PyMemoryPoolOptionsTests
{
    public static TheoryData<Action<PyMemoryPoolOptions>, string> BadOptions => new()
    {
        { o => o.Domain = (MemoryDomain)7, nameof(PyMemoryPoolOptions.Domain) },
        { o => o.MinimumBlockSize = 8, nameof(PyMemoryPoolOptions.MinimumBlockSize) },
        { o => o.MinimumBlockSize = 96, nameof(PyMemoryPoolOptions.MinimumBlockSize) },
        { o => o.MaximumBlockSize = 32, nameof(PyMemoryPoolOptions.MaximumBlockSize) },
        { o => o.MaximumBlockSize = 3 << 20, nameof(PyMemoryPoolOptions.MaximumBlockSize) },
        { o => o.MaximumBlockSize = int.MinValue, nameof(PyMemoryPoolOptions.MaximumBlockSize) },
        { o => o.MaxRetainedPerClass = -1, nameof(PyMemoryPoolOptions.MaxRetainedPerClass) },
        { o => o.MaxRetainedBytesPerClass = -1, nameof(PyMemoryPoolOptions.MaxRetainedBytesPerClass) },
        { o => o.IdleTrimAfter = TimeSpan.Zero, nameof(PyMemoryPoolOptions.IdleTrimAfter) },
        { o => o.IdleTrimAfter = TimeSpan.FromDays(-1), nameof(PyMemoryPoolOptions.IdleTrimAfter) },
        { o => o.ReturnFill = (PoolReturnFill)9, nameof(PyMemoryPoolOptions.ReturnFill) },
    };

    [Fact]
    public void Defaults_are_RAW_blocks_of_64_B_to_1_MiB_without_fill_or_periodic_trim()
    {
        var options = new PyMemoryPoolOptions();
        options.Domain.ShouldBe(MemoryDomain.Raw);
        options.MinimumBlockSize.ShouldBe(64);
        options.MaximumBlockSize.ShouldBe(1 << 20);
        options.ReturnFill.ShouldBe(PoolReturnFill.None);
        options.IdleTrimAfter.ShouldBeNull();
        options.DiagnosticMode.ShouldBeFalse();

        using var pool = new PyMemoryPool(options);
        PyMemoryPoolStatistics statistics = pool.GetStatistics();
        statistics.Classes.Select(c => c.BlockSize).ShouldBe(Enumerable.Range(6, 15).Select(shift => 1 << shift));
        // min(32 blocks, 1 MiB / size) per class.
        statistics.Classes.Select(c => c.MaxRetained).ShouldBe(Enumerable.Range(6, 15).Select(shift => Math.Min(32, (1 << 20) >> shift)));
        pool.MaxRetainedBytes.ShouldBe(statistics.Classes.Sum(c => (long)c.MaxRetained * c.BlockSize));
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_option_is_refused_with_its_name(Action<PyMemoryPoolOptions> spoil, string option)
    {
        var options = new PyMemoryPoolOptions();
        spoil(options);

        ArgumentOutOfRangeException error = Should.Throw<ArgumentOutOfRangeException>(() => new PyMemoryPool(options));
        error.ParamName.ShouldBe(option);
    }

    [Fact]
    public void A_null_clock_or_null_options_are_refused()
    {
        Should.Throw<ArgumentNullException>(() => new PyMemoryPool(null!));
        Should.Throw<ArgumentNullException>(() => new PyMemoryPool(new PyMemoryPoolOptions { TimeProvider = null! }))
            .ParamName.ShouldBe(nameof(PyMemoryPoolOptions.TimeProvider));
    }

    [Fact]
    public void The_pool_copies_the_options_so_later_changes_change_nothing()
    {
        var options = new PyMemoryPoolOptions { MaximumBlockSize = 4096 };
        using var pool = new PyMemoryPool(options);
        options.MaximumBlockSize = 1 << 20;
        options.Domain = MemoryDomain.Mem;

        pool.Domain.ShouldBe(MemoryDomain.Raw);
        pool.Options.MaximumBlockSize.ShouldBe(4096);
        pool.GetStatistics().Classes[^1].BlockSize.ShouldBe(4096);
        pool.Options.ShouldNotBeSameAs(pool.Options); // a copy each time: the pool's own cannot be changed either
    }
}
