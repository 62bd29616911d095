using System.CommandLine.Parsing;
using System.Globalization;

namespace DropoutSweep.CommandLine;

/// <summary>Parsers shared by options of several commands (<c>run</c> and <c>worker</c> both take <c>--parallelism</c>).</summary>
internal static class OptionChecks
{
    /// <summary><c>--parallelism N</c>: a whole number, at least 1; otherwise one clear error naming the option.</summary>
    public static int? Parallelism(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var workers) && workers >= 1)
        {
            return workers;
        }

        result.AddError($"--parallelism = {text}: must be a whole number, at least 1.");
        return null;
    }
}
