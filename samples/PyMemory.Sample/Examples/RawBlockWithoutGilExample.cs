namespace PyMemory.Sample.Examples;

/// <summary>
/// RAW memory needs no GIL: allocate 1024 bytes, grow the block to 2048 and free it, all on a thread that never
/// takes the GIL (the C API's PyMem_RawMalloc / PyMem_RawRealloc / PyMem_RawFree).
/// </summary>
public static class RawBlockWithoutGilExample
{
    public static (long FirstLength, long ResizedLength, bool GilHeld, bool ContentsKept, bool Freed) Run(TextWriter log)
    {
        (long, long, bool, bool, bool) result = default;
        var worker = new Thread(() =>
        {
            bool gilHeld = GilScope.IsHeld;
            RawBlock buffer = RawBlock.Allocate(1024);
            using (buffer)
            {
                long firstLength = buffer.Length;
                buffer.Span.Fill(0x2A);

                // realloc semantics: the block may move, so take spans again after resizing.
                buffer.Resize(2048);
                bool kept = !buffer.AsSpan(0, 1024).ContainsAnyExcept((byte)0x2A);
                buffer.AsSpan(1024, 1024).Clear();
                log.WriteLine($"raw block: {firstLength} -> {buffer.Length} bytes without the GIL (held: {gilHeld})");
                result = (firstLength, buffer.Length, gilHeld, kept, false);
            }

            result.Item5 = buffer.IsClosed;
        });
        worker.Start();
        worker.Join();
        return result;
    }
}
