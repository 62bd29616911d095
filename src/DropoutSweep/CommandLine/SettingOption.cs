using System.CommandLine;

namespace DropoutSweep.CommandLine;

/// <summary>
/// A command-line option that is a shorthand for one configuration setting (<c>--listen X</c> is
/// <c>--Cluster:Listen=X</c>): declared once with its key, added to every command that takes it, and read back as that
/// setting, so that the settings file, environment variables and options all reach the one reader of the section.
/// </summary>
internal sealed class SettingOption
{
    private readonly Func<ParseResult, string?> _value;

    private SettingOption(Option option, string key, Func<ParseResult, string?> value)
    {
        Option = option;
        Key = key;
        _value = value;
    }

    /// <summary>The System.CommandLine option (add it to each command that takes it).</summary>
    public Option Option { get; }

    /// <summary>The configuration key it sets, e.g. <c>Cluster:Listen</c>.</summary>
    public string Key { get; }

    /// <summary>An option with a value: <c>--listen HOST:PORT</c>.</summary>
    public static SettingOption Text(string name, string key, string helpName, string description)
    {
        var option = new Option<string>(name) { Description = $"{description} ({key}).", HelpName = helpName };
        return new SettingOption(option, key, result => result.GetValue(option));
    }

    /// <summary>A flag: <c>--coordinator-only</c> sets <paramref name="key"/> to <c>true</c>.</summary>
    public static SettingOption Flag(string name, string key, string description)
    {
        var option = new Option<bool>(name) { Description = $"{description} ({key})." };
        return new SettingOption(option, key, result => result.GetValue(option) ? "true" : null);
    }

    /// <summary>The setting, when the option was given.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Read(ParseResult result) =>
        _value(result) is { } value ? [new(Key, value)] : [];
}
