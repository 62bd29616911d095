using System.CommandLine;

namespace DropoutSweep.CommandLine;

/// <summary>
/// <c>--help</c> in our words. System.CommandLine 2.0.0 keeps its help builder internal (only <c>HelpAction.MaxWidth</c>
/// is public), so its output is written to a buffer and two of its generic parts are replaced: the usage line's
/// <c>[[--] &lt;additional arguments&gt;...]]</c> (its brackets do not balance) and the "Additional Arguments" section,
/// which in this tool are configuration overrides, not arguments passed on to an application.
/// </summary>
internal static class HelpText
{
    private const string GenericUsage = "[[--] <additional arguments>...]]";
    private const string GenericSectionTitle = "Additional Arguments:";
    private const string GenericSectionText = "Arguments passed to the application that is being run.";

    /// <summary>What the usage line says instead of System.CommandLine's generic additional arguments.</summary>
    public const string OverridesUsage = "[--Section:Key=Value ...]";

    /// <summary>The section that replaces System.CommandLine's "Additional Arguments".</summary>
    public static readonly string OverridesSection = string.Join(
        Environment.NewLine,
        "Setting overrides:",
        "  --Section:Key=Value  Override one setting for this run, over appsettings.json and the sweep file, e.g.",
        "                       --Sweep:Training:Epochs=500, --Sweep:Space:L2:Values=[0,0.001] (a whole list) or",
        "                       --Sweep:Space:L2:Values:1=0.001 (one element), --Serilog:MinimumLevel:Default=Information.",
        "                       The same as environment variables: DROPOUTSWEEP_Sweep__Training__Epochs=500.",
        "                       Keys ignore case; a key outside Sweep, Serilog, Akka and Cluster is an error.");

    /// <summary>Runs System.CommandLine's help action of <paramref name="result"/> and writes its text, rewritten, to <paramref name="output"/>.</summary>
    public static int Write(ParseResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new StringWriter();
        var exitCode = result.Invoke(new InvocationConfiguration { Output = buffer, Error = buffer });
        output.Write(Rewrite(buffer.ToString()));
        return exitCode;
    }

    /// <summary>The help text with the generic usage and "Additional Arguments" parts replaced by ours.</summary>
    public static string Rewrite(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        var lines = help.ReplaceLineEndings("\n").Split('\n').ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i] = lines[i].Replace(GenericUsage, OverridesUsage, StringComparison.Ordinal);
            if (lines[i].Trim() == GenericSectionTitle)
            {
                // The title, then its one line of text (wrapped over several when the terminal is narrow), up to the blank line.
                var end = i + 1;
                while (end < lines.Count && lines[end].Trim().Length > 0 && GenericSectionText.Contains(lines[end].Trim(), StringComparison.Ordinal))
                {
                    end++;
                }

                lines.RemoveRange(i, end - i);
                lines.InsertRange(i, OverridesSection.ReplaceLineEndings("\n").Split('\n'));
            }
        }

        return string.Join(Environment.NewLine, lines);
    }
}
