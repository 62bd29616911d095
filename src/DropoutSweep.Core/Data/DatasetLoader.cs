using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Data;

/// <summary>Builds the <see cref="Dataset"/> that a sweep's <see cref="DatasetOptions"/> describe.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Generates or reads the data and splits them. Settings the catalogue refuses (the same rules that check a sweep
    /// file: <see cref="DatasetSettings"/>) and bad files throw <see cref="DatasetException"/>, naming the setting, or the
    /// file, line and column.
    /// </summary>
    public static Dataset Load(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = DatasetSettings.Section.Validate(options, DatasetSettings.Section.Name);
        if (problems.Count > 0)
        {
            throw new DatasetException(string.Join("; ", problems));
        }

        return options.Kind switch
        {
            DatasetKind.Spiral => LoadSpiral(options),
            DatasetKind.Csv => CsvDatasetReader.Read(options),
            DatasetKind.Idx => IdxDatasetReader.Read(options),
            _ => throw new DatasetException($"Dataset.Kind: '{options.Kind}' is not a known data set kind."),
        };
    }

    /// <summary>
    /// The spiral from <see cref="DatasetOptions.Seed"/>: either one spiral split by a seeded stratified shuffle
    /// (<see cref="DatasetOptions.ValidationFraction"/>), or a training spiral followed, from the same generator, by a
    /// separately generated validation spiral (<see cref="DatasetOptions.ValidationSamples"/>, as the book does).
    /// </summary>
    private static Dataset LoadSpiral(DatasetOptions options)
    {
        var rng = new Rng(options.Seed);
        var (x, y) = SpiralGenerator.Generate(options.Samples, options.Classes, rng.NextGaussian);
        var name = $"spiral {options.Samples}×{options.Classes}";
        switch (options.ValidationSamples, options.ValidationFraction)
        {
            case ({ } validationSamples, null):
            {
                var (validationX, validationY) = SpiralGenerator.Generate(validationSamples, options.Classes, rng.NextGaussian);
                return new Dataset(
                    $"{name}, validation spiral {validationSamples}×{options.Classes}",
                    SpiralGenerator.Features,
                    options.Classes,
                    x,
                    y,
                    validationX,
                    validationY,
                    SpiralHash(options),
                    featureNames: SpiralGenerator.FeatureNames);
            }

            case (null, { } fraction):
            {
                var (trainRows, validationRows) = StratifiedSplit.Split(y, options.Classes, fraction, rng);
                var (trainX, trainY) = StratifiedSplit.Take(x, y, SpiralGenerator.Features, trainRows);
                var (validationX, validationY) = StratifiedSplit.Take(x, y, SpiralGenerator.Features, validationRows);
                return new Dataset(
                    $"{name}, {fraction.ToString("R", CultureInfo.InvariantCulture)} held out",
                    SpiralGenerator.Features,
                    options.Classes,
                    trainX,
                    trainY,
                    validationX,
                    validationY,
                    SpiralHash(options),
                    featureNames: SpiralGenerator.FeatureNames);
            }

            default:
                throw new InvalidOperationException("The catalogue's rules let a spiral through without exactly one of ValidationSamples and ValidationFraction.");
        }
    }

    /// <summary>
    /// The data set that <paramref name="options"/> describe, loaded once per process and shared read-only by every caller
    /// that asks for the same settings while the files are unchanged (see <see cref="DatasetCache"/>).
    /// </summary>
    public static Dataset LoadShared(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DatasetCache.Shared.Get(options, Load);
    }

    /// <summary>SHA-256 (lower-case hex) of the settings that fully determine a spiral data set and its split.</summary>
    private static string SpiralHash(DatasetOptions options)
    {
        var fraction = options.ValidationFraction?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
        var validationSamples = options.ValidationSamples?.ToString(CultureInfo.InvariantCulture) ?? "-";
        var text = $"spiral/v1;samples={options.Samples};classes={options.Classes};validationSamples={validationSamples};validationFraction={fraction};seed={options.Seed}";
        return Sha256Hex(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Lower-case hex SHA-256 of some bytes.</summary>
    internal static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
