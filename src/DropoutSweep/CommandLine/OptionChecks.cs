using System.CommandLine.Parsing;

namespace DropoutSweep.CommandLine;

/// <summary>Validators shared by options of several commands.</summary>
internal static class OptionChecks
{
    /// <summary>An optional count (<c>--parallelism</c>) that must be at least 1 when given.</summary>
    public static void AtLeastOne(OptionResult result)
    {
        if (result.GetValueOrDefault<int?>() is < 1)
        {
            result.AddError($"{result.Option.Name} = {result.GetValueOrDefault<int?>()}: must be at least 1.");
        }
    }
}
