using System.Buffers.Binary;
using System.IO.Compression;

namespace DropoutSweep.Core.Data;

/// <summary>
/// One IDX file (the MNIST format), raw or gzip-compressed, read as a stream. Its header is a magic number — two zero
/// bytes, the element type (0x08, unsigned byte) and the number of dimensions — followed by each dimension as a
/// big-endian int32; the data follow in row-major order. Images have 3 dimensions (count, rows, columns); labels 1.
/// </summary>
internal sealed class IdxFile : IDisposable
{
    /// <summary>Magic number of an image file (unsigned bytes, 3 dimensions).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file (unsigned bytes, 1 dimension).</summary>
    public const int LabelsMagic = 0x00000801;

    private readonly HashingReadStream _stream;

    private IdxFile(string setting, string path, HashingReadStream stream, int[] dimensions)
    {
        Setting = setting;
        Name = System.IO.Path.GetFileName(path);
        _stream = stream;
        Dimensions = dimensions;
    }

    /// <summary>The setting that names the file, e.g. <c>Images</c>.</summary>
    public string Setting { get; }

    /// <summary>The file's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The dimensions the header announces: (count) for labels, (count, rows, columns) for images.</summary>
    public int[] Dimensions { get; }

    /// <summary>Items in the file: images or labels.</summary>
    public int Count => Dimensions[0];

    /// <summary>
    /// Opens the file that <c>Dataset.<paramref name="setting"/></c> names and reads its header, which must carry
    /// <paramref name="magic"/>; a gzip file (detected by its first bytes, not its name) is decompressed on the fly.
    /// </summary>
    public static IdxFile Open(string setting, string path, int magic)
    {
        var file = DataFile.Open(setting, path);
        var name = System.IO.Path.GetFileName(path);
        HashingReadStream? stream = null;
        try
        {
            Span<byte> start = stackalloc byte[2];
            var gzip = file.ReadAtLeast(start, 2, throwOnEndOfStream: false) == 2 && start[0] == 0x1f && start[1] == 0x8b;
            file.Position = 0;
            stream = new HashingReadStream(gzip ? new GZipStream(file, CompressionMode.Decompress) : file);
            var dimensions = ReadHeader(stream, $"Dataset.{setting} {name}", magic);
            return new IdxFile(setting, path, stream, dimensions);
        }
        catch (Exception error) when (error is DatasetException or InvalidDataException)
        {
            if (stream is null)
            {
                file.Dispose();
            }
            else
            {
                stream.Dispose();
            }

            if (error is InvalidDataException)
            {
                throw new DatasetException($"Dataset.{setting} {name}: not a valid gzip file ({error.Message})", error);
            }

            throw;
        }
    }

    /// <summary>Bytes per item: 1 for a label, rows × columns for an image.</summary>
    public int ItemBytes => Dimensions.Skip(1).Aggregate(1, (product, dimension) => checked(product * dimension));

    /// <summary>
    /// Fills <paramref name="items"/> with the next whole items, the first of them item number
    /// <paramref name="firstItem"/> (from 0). Data that end early, or a corrupt gzip stream, throw
    /// <see cref="DatasetException"/> naming the setting and the file.
    /// </summary>
    public void Read(Span<byte> items, int firstItem)
    {
        int read;
        try
        {
            read = _stream.ReadAtLeast(items, items.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException error)
        {
            throw new DatasetException($"Dataset.{Setting} {Name}: not a valid gzip file ({error.Message})", error);
        }

        if (read < items.Length)
        {
            var noun = Dimensions.Length == 1 ? "label" : "image";
            var found = ((long)firstItem * ItemBytes) + read;
            throw new DatasetException(
                $"Dataset.{Setting} {Name}: truncated: the header announces {Count} {noun}s ({(long)Count * ItemBytes} bytes of data), but the data end after {found} bytes, in {noun} {(found / ItemBytes) + 1}.");
        }
    }

    /// <summary>Checks that nothing follows the announced data and returns the SHA-256 of the (decompressed) content.</summary>
    public string Finish()
    {
        Span<byte> one = stackalloc byte[1];
        try
        {
            if (_stream.Read(one) > 0)
            {
                var dimensions = string.Join(" × ", Dimensions);
                throw new DatasetException($"Dataset.{Setting} {Name}: more data follow the {dimensions} items the header announces; is the header right?");
            }

            return _stream.ReadToEndAndHash();
        }
        catch (InvalidDataException error)
        {
            throw new DatasetException($"Dataset.{Setting} {Name}: not a valid gzip file ({error.Message})", error);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static int[] ReadHeader(Stream stream, string source, int magic)
    {
        var kind = magic == ImagesMagic ? "image" : "label";
        Span<byte> word = stackalloc byte[4];
        if (stream.ReadAtLeast(word, 4, throwOnEndOfStream: false) < 4)
        {
            throw new DatasetException($"{source}: truncated: the file ends inside its header (expected the IDX {kind} file magic number 0x{magic:x8}).");
        }

        var found = BinaryPrimitives.ReadInt32BigEndian(word);
        if (found != magic)
        {
            var hint = found == (magic == ImagesMagic ? LabelsMagic : ImagesMagic)
                ? $"; that is the magic number of an IDX {(magic == ImagesMagic ? "label" : "image")} file: are Images and Labels swapped?"
                : ".";
            throw new DatasetException($"{source}: wrong magic number 0x{found:x8}; an IDX {kind} file starts with 0x{magic:x8}{hint}");
        }

        var dimensions = new int[magic & 0xff];
        for (var d = 0; d < dimensions.Length; d++)
        {
            if (stream.ReadAtLeast(word, 4, throwOnEndOfStream: false) < 4)
            {
                throw new DatasetException($"{source}: truncated: the file ends inside its header (dimension {d + 1} of {dimensions.Length}).");
            }

            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dimensions[d] < 1)
            {
                throw new DatasetException($"{source}: dimension {d + 1} of the header is {dimensions[d]}; every dimension must be at least 1.");
            }
        }

        if (dimensions.Skip(1).Aggregate(1L, (product, dimension) => product * dimension) > Array.MaxLength)
        {
            throw new DatasetException($"{source}: an item of {string.Join(" × ", dimensions.Skip(1))} values is larger than one array can hold.");
        }

        return dimensions;
    }
}
