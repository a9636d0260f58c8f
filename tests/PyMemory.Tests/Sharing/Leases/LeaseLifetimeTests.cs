namespace PyMemory.Tests.Sharing.Leases;

[Collection(UsesPython.Name)]
public class LeaseLifetimeTests
{
    [Fact]
    public void Every_member_of_a_disposed_lease_throws_ObjectDisposedException()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle array = PyObjects.FromByteArray(new byte[64]);
        PyBufferLease lease = PyBufferLease.EnterWritable(array);
        lease.Dispose();

        LeaseAssert.EveryMemberThrows<ObjectDisposedException>(lease);
        LeaseAssert.Throws<ObjectDisposedException>(lease, l => _ = l.Length).Message.ShouldContain("was disposed");
    }

    [Fact]
    public void Every_member_of_a_default_lease_throws_InvalidOperationException()
    {
        PyBufferLease lease = default;

        LeaseAssert.EveryMemberThrows<InvalidOperationException>(lease);
        LeaseAssert.Throws<InvalidOperationException>(lease, l => _ = l.Length).Message.ShouldContain("empty (default)");
        lease.Dispose(); // nothing to release
    }

    [Fact]
    public void Disposing_twice_releases_the_buffer_once()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle bytes = PyObjects.FromBytes("released once"u8);
        long references = bytes.RefCount;
        int rented = ThreadSlots<LeaseSlot>.RentedOnThisThread;

        PyBufferLease lease = PyBufferLease.Enter(bytes);
        bytes.RefCount.ShouldBe(references + 1); // Py_buffer.obj
        ThreadSlots<LeaseSlot>.RentedOnThisThread.ShouldBe(rented + 1);
        lease.Dispose();
        lease.Dispose();

        bytes.RefCount.ShouldBe(references); // one PyBuffer_Release: a second would have dropped it below
        ThreadSlots<LeaseSlot>.RentedOnThisThread.ShouldBe(rented);
    }

    [Fact]
    public void A_copy_of_a_lease_shares_its_state_so_the_buffer_is_released_once_whichever_is_disposed()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle bytes = PyObjects.FromBytes("copied by value"u8);
        long references = bytes.RefCount;

        PyBufferLease original = PyBufferLease.Enter(bytes);
        PyBufferLease copy = original; // a ref struct is still copied by value
        copy.AsReadOnlySpan().SequenceEqual("copied by value"u8).ShouldBeTrue();
        copy.Dispose();

        LeaseAssert.EveryMemberThrows<ObjectDisposedException>(original);
        LeaseAssert.EveryMemberThrows<ObjectDisposedException>(copy);
        original.Dispose();
        copy.Dispose();
        bytes.RefCount.ShouldBe(references);
    }

    [Fact]
    public void A_stale_copy_never_reaches_the_buffer_of_the_lease_that_reuses_its_slot()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle first = PyObjects.FromBytes("first"u8);
        using PyObjectHandle second = PyObjects.FromByteArray("second"u8);
        long references = second.RefCount;

        PyBufferLease stale = PyBufferLease.Enter(first);
        stale.Dispose();
        using PyBufferLease current = PyBufferLease.Enter(second); // the slot just given back is taken again

        LeaseAssert.EveryMemberThrows<ObjectDisposedException>(stale);
        stale.Dispose(); // must not release the current lease's buffer
        second.RefCount.ShouldBe(references + 1);
        current.AsReadOnlySpan().SequenceEqual("second"u8).ShouldBeTrue();
    }

    [Fact]
    public void Leases_nest_and_end_in_any_order()
    {
        using GilScope gil = GilScope.Enter();
        int rented = ThreadSlots<LeaseSlot>.RentedOnThisThread;
        var handles = Enumerable.Range(0, 20).Select(i => PyObjects.FromBytes(new byte[i + 1])).ToList();
        try
        {
            // More leases at once than one chunk of slots holds, ended out of order.
            NestAndRelease(handles, 0);
            ThreadSlots<LeaseSlot>.RentedOnThisThread.ShouldBe(rented);
        }
        finally
        {
            handles.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public void Entering_without_the_GIL_throws_GilRequiredException()
    {
        PyObjectHandle bytes;
        using (GilScope.Enter())
        {
            bytes = PyObjects.FromBytes("needs the GIL"u8);
        }

        using (bytes)
        {
            Exception? thrown = FreshThread.Catch(() => PyBufferLease.Enter(bytes).Dispose());

            thrown.ShouldBeOfType<GilRequiredException>().Message.ShouldContain("PyObject_GetBuffer");
        }
    }

    [Fact]
    public void Disposing_without_the_GIL_throws_GilRequiredException_and_leaves_the_lease_entered()
    {
        PyObjectHandle bytes;
        long references;
        using (GilScope.Enter())
        {
            bytes = PyObjects.FromBytes("dispose needs the GIL"u8);
            references = bytes.RefCount;
        }

        FreshThread.Run(() =>
        {
            var gil = GilScope.Enter();
            PyBufferLease lease = PyBufferLease.Enter(bytes);
            gil.Dispose();

            try
            {
                lease.Dispose();
                throw new Xunit.Sdk.XunitException("Dispose without the GIL did not throw.");
            }
            catch (GilRequiredException e)
            {
                e.Message.ShouldContain("PyBuffer_Release");
            }

            lease.AsReadOnlySpan().SequenceEqual("dispose needs the GIL"u8).ShouldBeTrue(); // still entered
            using (GilScope.Enter())
            {
                lease.Dispose();
            }

            LeaseAssert.Throws<ObjectDisposedException>(lease, l => _ = l.Length);
        });

        using (GilScope.Enter())
        {
            bytes.RefCount.ShouldBe(references);
            bytes.Dispose();
        }
    }

    [Fact]
    public void Entering_a_lease_of_a_disposed_handle_throws_ObjectDisposedException()
    {
        using GilScope gil = GilScope.Enter();
        PyObjectHandle bytes = PyObjects.FromBytes("gone"u8);
        bytes.Dispose();

        Should.Throw<ObjectDisposedException>(() => PyBufferLease.Enter(bytes).Dispose());
        Should.Throw<ArgumentNullException>(() => PyBufferLease.Enter(null!).Dispose());
        Should.Throw<InvalidOperationException>(() => PyBufferLease.Enter(new PyObjectHandle()).Dispose()).Message.ShouldContain("empty");
    }

    [Fact]
    public void Entering_and_disposing_allocate_nothing_once_the_thread_has_a_free_slot()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle bytes = PyObjects.FromBytes(new byte[1 << 20]);
        SumOnce(bytes); // warm: the thread's slots and the JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (int i = 0; i < 100; i++)
        {
            sum += SumOnce(bytes);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        sum.ShouldBe(0);
    }

    private static long SumOnce(PyObjectHandle bytes)
    {
        using PyBufferLease lease = PyBufferLease.Enter(bytes);
        return lease.AsReadOnlySpan().IndexOfAnyExcept((byte)0) + 1;
    }

    // Recursion keeps 20 leases alive at once (ref structs cannot be stored in a collection); odd levels are disposed
    // before their inner leases end, even ones after, so slots come back out of order.
    private static void NestAndRelease(List<PyObjectHandle> handles, int level)
    {
        if (level == handles.Count)
        {
            return;
        }

        PyBufferLease lease = PyBufferLease.Enter(handles[level]);
        lease.Length.ShouldBe(level + 1);
        if (level % 2 == 1)
        {
            lease.Dispose();
        }

        NestAndRelease(handles, level + 1);
        if (level % 2 == 0)
        {
            lease.Length.ShouldBe(level + 1);
            lease.Dispose();
        }
    }
}
