using PyMemory.Sample.Examples;
using PyMemory.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace PyMemory.Tests.UsageExamples;

public class CopyBytesIntoPythonMemoryExampleTests
{
    [Fact]
    public void Bytes_copied_into_PyMem_memory_are_seen_by_Python_and_read_back()
    {
        TestPython.Ensure();
        byte[] data = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, 0x42];

        var result = CopyBytesIntoPythonMemoryExample.Run(TextWriter.Null, data);

        result.SeenByPython.ShouldBe("00017f80feff42");
        result.RoundTrip.ShouldBe(data);
        result.RoundTrip.ShouldNotBeSameAs(data);
    }
}
