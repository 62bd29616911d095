using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DropoutSweep.Core.Settings;

/// <summary>The text of a JSON value as the user wrote it: a string's content, or a number's digits exactly as in the file.</summary>
internal static class SettingText
{
    /// <summary>A string's content, or the JSON text of anything else (a number's own digits: <c>1E+20</c> stays <c>1E+20</c>).</summary>
    public static string Of(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    /// <summary>True for a value that is absent: JSON null, or blank text (how an override unsets a setting: <c>--Sweep:Training:BiasL2=</c>).</summary>
    public static bool IsUnset(JsonNode? node) =>
        node is null
        || node.GetValueKind() == JsonValueKind.Null
        || (node.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(node.GetValue<string>()));

    /// <summary>
    /// A list: a JSON array, or the text of one (an override such as <c>--Sweep:Training:Hidden=[256,128]</c>); null
    /// when <paramref name="node"/> is neither.
    /// </summary>
    public static JsonArray? List(JsonNode node)
    {
        if (node is JsonArray array)
        {
            return array;
        }

        if (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>().TrimStart().StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(node.GetValue<string>()) as JsonArray;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }

    public static string Quote(string text) => "'" + text + "'";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
