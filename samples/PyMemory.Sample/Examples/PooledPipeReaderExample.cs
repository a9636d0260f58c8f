using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;

namespace PyMemory.Sample.Examples;

/// <summary>
/// A System.IO.Pipelines PipeReader reads a stream into PyMemoryPool memory (CPython's RAW domain), and each segment it
/// hands out is given to Python as a read-only buffer, without a copy: Python parses the header with
/// <c>struct.unpack_from</c> and hashes the data with <c>hashlib</c>, straight from the pool's blocks. .NET hashes the
/// same segments; the two digests must agree.
/// </summary>
/// <remarks>The stream is a header (<c>"PYMP"</c>, a record count) and that many little-endian 32-bit records. The pool
/// is a RAW one, so the pipe rents and returns its buffers on any thread without the GIL; the GIL is taken only around
/// each call into Python (a GilScope cannot span an <c>await</c>). While Python holds a segment (the export pins it),
/// the pool would not reuse the block even if the pipe returned it: here Python lets go before the call returns.</remarks>
public static class PooledPipeReaderExample
{
    /// <summary>The first four bytes of the stream.</summary>
    public const string Magic = "PYMP";

    private const string Parser = """
        import hashlib, struct

        class _PyMemoryPipeDigest:
            def __init__(self):
                self.sha = hashlib.sha256()
                self.header = None
                self.bytes = 0
                self.segments = 0

            def feed(self, segment):
                # memoryview over the exported pool block: no bytes are copied
                with memoryview(segment) as view:
                    if self.header is None:
                        self.header = struct.unpack_from('<4sII', view, 0)  # magic, record count, first record
                    self.sha.update(view)
                    self.bytes += view.nbytes
                    self.segments += 1

            def result(self):
                magic, count, first = self.header
                return f'{self.sha.hexdigest()} {magic.decode()} {count} {first} {self.bytes} {self.segments}'

        _pymemory_pipe_digest = _PyMemoryPipeDigest()
        """;

    /// <summary>A stream of <paramref name="recordCount"/> records behind the header.</summary>
    public static MemoryStream CreateStream(int recordCount)
    {
        byte[] data = new byte[8 + (4L * recordCount)];
        "PYMP"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), (uint)recordCount);
        for (int i = 0; i < recordCount; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8 + (4 * i)), unchecked((uint)(i + 1) * 2654435761u));
        }

        return new MemoryStream(data, writable: false);
    }

    public static async Task<PooledPipeReaderResult> RunAsync(TextWriter log, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var pool = new PyMemoryPool();
        PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(pool: pool, bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        PyObjectHandle feed;
        using (GilScope.Enter())
        {
            PyRun.Exec(Parser);
            feed = PyRun.Eval("_pymemory_pipe_digest.feed");
        }

        int segments = 0;
        try
        {
            while (true)
            {
                ReadResult read = await reader.ReadAsync().ConfigureAwait(false);
                foreach (ReadOnlyMemory<byte> segment in read.Buffer)
                {
                    sha.AppendData(segment.Span);
                    HandToPython(feed, segment);
                    segments++;
                }

                reader.AdvanceTo(read.Buffer.End); // the pipe returns the consumed blocks to the pool
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        string[] python;
        using (GilScope.Enter())
        {
            feed.Dispose();
            python = PyRun.EvalToString("_pymemory_pipe_digest.result()").Split(' ');
            PyRun.Exec("del _pymemory_pipe_digest, _PyMemoryPipeDigest");
        }

        var result = new PooledPipeReaderResult(
            Convert.ToHexStringLower(sha.GetHashAndReset()),
            python[0],
            python[1],
            long.Parse(python[2], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(python[3], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(python[4], System.Globalization.CultureInfo.InvariantCulture),
            segments,
            pool.GetStatistics());
        log.WriteLine($"pipe: {result.Summary}");
        return result;
    }

    /// <summary>Python reads the segment where the pipe put it: the export pins the pool block until Python drops it.
    /// A scoped export, since it is needed for this one call only: no handle object per segment.</summary>
    private static void HandToPython(PyObjectHandle feed, ReadOnlyMemory<byte> segment)
    {
        using GilScope gil = GilScope.Enter();
        using ScopedPyObjectHandle buffer = PythonBuffer.ExportScoped(segment);
        using PyObjectHandle none = PyRun.Call(feed, buffer);
    }
}
