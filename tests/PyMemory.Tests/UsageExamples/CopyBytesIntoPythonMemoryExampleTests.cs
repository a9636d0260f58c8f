using PyMemory.Sample.Examples;

namespace PyMemory.Tests.UsageExamples;

[Collection(UsesPython.Name)]
public class CopyBytesIntoPythonMemoryExampleTests
{
    [Fact]
    public void Bytes_copied_into_PyMem_memory_are_seen_by_Python_and_read_back()
    {
        byte[] data = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, 0x42];

        var result = CopyBytesIntoPythonMemoryExample.Run(TextWriter.Null, data);

        result.SeenByPython.ShouldBe("00017f80feff42");
        result.RoundTrip.ShouldBe(data);
        result.RoundTrip.ShouldNotBeSameAs(data);
    }
}
