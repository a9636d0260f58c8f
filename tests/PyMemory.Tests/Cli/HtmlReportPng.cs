using System.Buffers.Binary;
using System.IO.Compression;

namespace PyMemory.Tests.Cli;

/// <summary>A decoded PNG (8-bit RGB or RGBA, not interlaced: what Chromium writes), for looking at a screenshot's
/// pixels: chunks read, IDAT inflated with <see cref="ZLibStream"/>, rows unfiltered (PNG filters 0-4).</summary>
internal sealed class HtmlReportPng
{
    private readonly byte[] _pixels;
    private readonly int _channels;

    private HtmlReportPng(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <exception cref="InvalidDataException">Not a PNG this decoder reads.</exception>
    public static HtmlReportPng Decode(byte[] file)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a PNG file");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (int at = 8; at + 12 <= file.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            ReadOnlySpan<byte> data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                byte depth = data[8], colorType = data[9], interlace = data[12];
                channels = colorType switch { 2 => 3, 6 => 4, _ => 0 };
                if (depth != 8 || channels == 0 || interlace != 0)
                {
                    throw new InvalidDataException($"unsupported PNG: depth {depth}, colour type {colorType}, interlace {interlace}");
                }
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        compressed.Position = 0;
        using var inflate = new ZLibStream(compressed, CompressionMode.Decompress);
        int stride = width * channels;
        byte[] raw = new byte[(stride + 1) * height];
        inflate.ReadExactly(raw);
        return new HtmlReportPng(width, height, channels, Unfilter(raw, width, height, channels));
    }

    /// <summary>The pixel's red, green and blue.</summary>
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int at = ((y * Width) + x) * _channels;
            return (_pixels[at], _pixels[at + 1], _pixels[at + 2]);
        }
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp)
    {
        int stride = width * bpp;
        byte[] pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            int source = (y * (stride + 1)) + 1, row = y * stride, previous = row - stride;
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? pixels[row + i - bpp] : 0;
                int b = y > 0 ? pixels[previous + i] : 0;
                int c = i >= bpp && y > 0 ? pixels[previous + i - bpp] : 0;
                int x = raw[source + i];
                pixels[row + i] = (byte)(filter switch
                {
                    0 => x,
                    1 => x + a,
                    2 => x + b,
                    3 => x + ((a + b) / 2),
                    4 => x + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"bad PNG filter {filter}"),
                });
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
