using PyMemory.Interop;
using PyMemory.Interop.Layouts;

namespace PyMemory.Tests.Constants;

[Collection(UsesPython.Name)]
public class PythonConstantsTests
{
    private static readonly PythonVersion V311 = new(3, 11, 7, false);
    private static readonly PythonVersion V312 = new(3, 12, 1, false);
    private static readonly PythonVersion V313 = new(3, 13, 0, false);
    private static readonly PythonVersion V314 = new(3, 14, 0, false);

    [Fact]
    public void ImmortalRefCountFor_follows_the_version()
    {
        PythonConstants.ImmortalRefCountFor(new PythonVersion(3, 8, 18, false)).ShouldBeNull();
        PythonConstants.ImmortalRefCountFor(V311).ShouldBeNull();
        PythonConstants.ImmortalRefCountFor(V312).ShouldBe(4294967295L);
        PythonConstants.ImmortalRefCountFor(V313).ShouldBe(4294967295L);
        PythonConstants.ImmortalRefCountFor(V314).ShouldBe(3221225472L); // 3 << 30, from the headers
        Should.Throw<NotSupportedException>(() => PythonConstants.ImmortalRefCountFor(new PythonVersion(3, 13, 0, true)));
    }

    [Fact]
    public void IsImmortalRefCount_uses_the_sign_bit_of_the_low_32_bits_from_3_12()
    {
        PythonConstants.IsImmortalRefCount(0xFFFF_FFFFL, V311).ShouldBeFalse();
        PythonConstants.IsImmortalRefCount(0xFFFF_FFFFL, V312).ShouldBeTrue();
        PythonConstants.IsImmortalRefCount(0x8000_0000L, V313).ShouldBeTrue();
        PythonConstants.IsImmortalRefCount(0x7FFF_FFFFL, V313).ShouldBeFalse();
        PythonConstants.IsImmortalRefCount(0x1_0000_0001L, V312).ShouldBeFalse(); // high bits do not count
        PythonConstants.IsImmortalRefCount(3L << 30, V314).ShouldBeTrue();
        PythonConstants.IsImmortalRefCount((1L << 48) | 5, V314).ShouldBeFalse(); // flags in the upper half
    }

    [Fact]
    public void RefCountOf_reads_the_whole_word_before_3_14_and_the_low_32_bits_from_3_14()
    {
        RefCountLayout.For(V313).RefCountOf(0x1_0000_0002L).ShouldBe(0x1_0000_0002L);
        RefCountLayout.For(V314).RefCountOf(0x1_0000_0002L).ShouldBe(2);
        RefCountLayout.For(V312).RefCountOf(0xFFFF_FFFFL).ShouldBe(4294967295L);
        Should.Throw<NotSupportedException>(() => RefCountLayout.For(new PythonVersion(3, 13, 0, true)));
    }

    [Fact]
    public void Size_and_domain_constants_match_CPython()
    {
        PythonConstants.InvalidSize.ShouldBe(-1);
        PythonConstants.DomainRaw.ShouldBe(0);
        PythonConstants.DomainMem.ShouldBe(1);
        PythonConstants.DomainObj.ShouldBe(2);
        PythonConstants.DomainRaw.ShouldBe((int)MemoryDomain.Raw);
        PythonConstants.DomainMem.ShouldBe((int)PyMemAllocatorDomain.Mem);
        PythonConstants.DomainObj.ShouldBe((int)PyMemAllocatorDomain.Obj);
    }

    [Fact]
    public void Immortal_objects_report_the_immortal_refcount_from_3_12_and_not_before()
    {
        using GilScope gil = GilScope.Enter();
        PythonVersion version = PythonRuntime.Version;
        using PyObjectHandle none = PyRun.Eval("None");
        using PyObjectHandle yes = PyRun.Eval("True");
        using PyObjectHandle no = PyRun.Eval("False");
        using PyObjectHandle small = PyObjects.FromInt64(7);
        PyObjectHandle[] objects = [none, yes, no, small];
        long getrefcountOfNone = long.Parse(PyRun.EvalToString("__import__('sys').getrefcount(None)"), System.Globalization.CultureInfo.InvariantCulture);

        if (version.IsAtLeast(3, 12))
        {
            PythonConstants.ImmortalRefCount.ShouldBe(4294967295L);
            foreach (PyObjectHandle o in objects)
            {
                o.IsImmortal.ShouldBeTrue(o.ToString());
                o.RefCount.ShouldBe(4294967295L, o.ToString());
            }

            getrefcountOfNone.ShouldBe(4294967295L);
            none.RefCount.ShouldBe(getrefcountOfNone);
        }
        else
        {
            PythonConstants.ImmortalRefCount.ShouldBeNull();
            foreach (PyObjectHandle o in objects)
            {
                o.IsImmortal.ShouldBeFalse(o.ToString());
                o.RefCount.ShouldBeInRange(1, 4294967294L, o.ToString());
            }

            getrefcountOfNone.ShouldNotBe(4294967295L);
            getrefcountOfNone.ShouldBeGreaterThan(1);
        }
    }

    [Fact]
    public void Immortal_refcounts_do_not_move_and_ordinary_ones_do()
    {
        using GilScope gil = GilScope.Enter();
        using PyObjectHandle none = PyRun.Eval("None");
        using PyObjectHandle list = PyObjects.NewList(0);
        long noneBefore = none.RefCount;

        using (PyObjectHandle.FromBorrowedReference(none.DangerousGetPointer()))
        using (PyObjectHandle.FromBorrowedReference(list.DangerousGetPointer()))
        {
            list.RefCount.ShouldBe(2);
            list.IsImmortal.ShouldBeFalse();
            if (PythonRuntime.Version.IsAtLeast(3, 12))
            {
                none.RefCount.ShouldBe(noneBefore); // Py_IncRef leaves immortal objects alone
            }
            else
            {
                none.IsImmortal.ShouldBeFalse(); // (its count moves with every thread's use of None, so no exact value)
            }
        }
    }
}
