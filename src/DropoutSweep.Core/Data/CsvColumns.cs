namespace DropoutSweep.Core.Data;

/// <summary>
/// A first look at a CSV file, for choosing its label column before it is loaded: the header's names, the columns that
/// hold text (a field that is not a finite number) and the number of data rows. Read with the loader's own CSV reading
/// (Sep: quoted fields, a BOM, CRLF); the file's other checks are the loader's.
/// </summary>
public sealed record CsvColumns(IReadOnlyList<string> Names, IReadOnlyList<string> TextColumns, int Rows)
{
    /// <summary>Reads the file at <paramref name="path"/> once, streamed; throws <see cref="DatasetException"/> when it cannot be read or has no header.</summary>
    public static CsvColumns Read(string path) => CsvDatasetReader.Columns(path);
}
