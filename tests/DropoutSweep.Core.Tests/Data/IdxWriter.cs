using System.Buffers.Binary;
using System.IO.Compression;

namespace DropoutSweep.Core.Tests.Data;

/// <summary>
/// Writes IDX files as http://yann.lecun.com/exdb/mnist/ describes them (the format's only specification): a magic
/// number 0x00 0x00 0x08 (unsigned byte) and the number of dimensions, each dimension a big-endian int32, then the
/// data. Independent of the reader under test.
/// </summary>
internal static class IdxWriter
{
    /// <summary>Writes <paramref name="images"/> (each rows × columns bytes) as an image file (magic 0x00000803).</summary>
    public static void Images(string path, int rows, int columns, IReadOnlyList<byte[]> images, bool gzip = false) =>
        Write(path, 0x08, [images.Count, rows, columns], images.SelectMany(image => image).ToArray(), gzip);

    /// <summary>Writes <paramref name="labels"/> as a label file (magic 0x00000801).</summary>
    public static void Labels(string path, IReadOnlyList<byte> labels, bool gzip = false) =>
        Write(path, 0x08, [labels.Count], labels.ToArray(), gzip);

    /// <summary>Writes a file with any header: for files that are wrong on purpose.</summary>
    public static void Write(string path, byte type, int[] dimensions, byte[] data, bool gzip = false)
    {
        using var bytes = new MemoryStream();
        bytes.Write([0, 0, type, (byte)dimensions.Length]);
        Span<byte> word = stackalloc byte[4];
        foreach (var dimension in dimensions)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, dimension);
            bytes.Write(word);
        }

        bytes.Write(data);
        using var file = File.Create(path);
        if (gzip)
        {
            using var compressed = new GZipStream(file, CompressionLevel.Optimal);
            bytes.WriteTo(compressed);
        }
        else
        {
            bytes.WriteTo(file);
        }
    }
}
