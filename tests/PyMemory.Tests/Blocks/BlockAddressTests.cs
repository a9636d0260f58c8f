using System.Reflection;

namespace PyMemory.Tests.Blocks;

/// <summary>Both block families expose their address one way, under one name: <c>DangerousGetHandle()</c>.</summary>
[Collection(UsesPython.Name)]
public class BlockAddressTests
{
    [Theory]
    [InlineData(typeof(RawBlock))]
    [InlineData(typeof(PyMemBlock))]
    [InlineData(typeof(PyObjectBlock))]
    [InlineData(typeof(ScopedRawBlock))]
    [InlineData(typeof(ScopedPyMemBlock))]
    [InlineData(typeof(ScopedPyObjectBlock))]
    public void The_only_public_member_that_hands_out_the_address_is_DangerousGetHandle(Type type)
    {
        string[] addressMembers = type.GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(member => member is MethodInfo { ReturnType: var returned } ? returned == typeof(nint) : member is PropertyInfo { PropertyType: var property } && property == typeof(nint))
            .Select(member => member.Name)
            .ToArray();

        addressMembers.ShouldBe(["DangerousGetHandle"]);
    }

    [Fact]
    public void A_scoped_owner_and_a_SafeHandle_block_report_the_address_their_spans_start_at()
    {
        using ScopedRawBlock scoped = ScopedRawBlock.Allocate(16);
        using RawBlock block = RawBlock.Allocate(16);

        scoped.DangerousGetHandle().ShouldBe(SpanStart(scoped.AsSpan()));
        block.DangerousGetHandle().ShouldBe(SpanStart(block.AsSpan()));
    }

    private static unsafe nint SpanStart(Span<byte> span)
    {
        fixed (byte* start = span)
        {
            return (nint)start;
        }
    }
}
