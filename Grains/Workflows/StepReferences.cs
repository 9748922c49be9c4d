using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestrator.Grains.Workflows;

/// <summary>
/// How steps refer to other steps' results: conditions (<c>steps.NAME.result.a.b == "ok"</c>, or <c>!=</c>, against a
/// JSON literal) and payload placeholders (<c>"{{steps.NAME.result}}"</c> or <c>"{{steps.NAME.result.a.b}}"</c> as a
/// whole JSON string, replaced by that value). A path that is not there reads as <c>null</c>.
/// </summary>
public static partial class StepReferences
{
    public const string NamePattern = "[A-Za-z0-9_-]{1,64}";

    [GeneratedRegex($"^{NamePattern}$")]
    private static partial Regex WholeName();

    /// <summary>True for a valid step or workflow-definition name: 1-64 letters, digits, '-' and '_'.</summary>
    public static bool IsValidName(string name) => WholeName().IsMatch(name);

    [GeneratedRegex(@"^\s*steps\.(?<step>[A-Za-z0-9_-]{1,64})\.result(?<path>(?:\.[A-Za-z0-9_]+)*)\s*(?<op>==|!=)\s*(?<value>.+?)\s*$")]
    private static partial Regex ConditionPattern();

    [GeneratedRegex(@"""\{\{steps\.(?<step>[A-Za-z0-9_-]{1,64})\.result(?<path>(?:\.[A-Za-z0-9_]+)*)\}\}""")]
    private static partial Regex PlaceholderPattern();

    /// <summary>A parsed condition.</summary>
    public sealed record Condition(string Step, string[] Path, bool Equal, JsonElement Value);

    /// <summary>Parses a condition, or says what is wrong with it.</summary>
    public static bool TryParseCondition(string text, out Condition? condition, out string? problem)
    {
        condition = null;
        problem = null;
        var match = ConditionPattern().Match(text);
        if (!match.Success)
        {
            problem = "Expected steps.NAME.result[.path] == <JSON value> (or !=), e.g. steps.check.result.status == \"ok\".";
            return false;
        }
        try
        {
            using var value = JsonDocument.Parse(match.Groups["value"].Value);
            condition = new Condition(match.Groups["step"].Value, Path(match.Groups["path"].Value), match.Groups["op"].Value == "==", value.RootElement.Clone());
            return true;
        }
        catch (JsonException)
        {
            problem = $"The right-hand side {match.Groups["value"].Value} is not a JSON value (strings need double quotes).";
            return false;
        }
    }

    /// <summary>True when the condition holds on <paramref name="result"/> (the step's JSON result, or null).</summary>
    public static bool Holds(Condition condition, string? result)
    {
        var value = Select(result, condition.Path);
        var equal = value is { } v ? JsonElement.DeepEquals(v, condition.Value) : condition.Value.ValueKind == JsonValueKind.Null;
        return equal == condition.Equal;
    }

    /// <summary>The steps a payload's placeholders name.</summary>
    public static IEnumerable<string> PlaceholderSteps(string payload) =>
        PlaceholderPattern().Matches(payload).Select(m => m.Groups["step"].Value).Distinct(StringComparer.Ordinal);

    /// <summary>The payload with every placeholder replaced by the named step's result (or part of it), as JSON.</summary>
    public static string Resolve(string payload, Func<string, string?> resultOf) =>
        PlaceholderPattern().Replace(payload, m =>
            Select(resultOf(m.Groups["step"].Value), Path(m.Groups["path"].Value)) is { } value ? value.GetRawText() : "null");

    private static string[] Path(string path) => path.Split('.', StringSplitOptions.RemoveEmptyEntries);

    private static JsonElement? Select(string? json, string[] path)
    {
        if (json is null) return null;
        JsonElement current;
        try
        {
            using var document = JsonDocument.Parse(json);
            current = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        foreach (var segment in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return null;
        }
        return current;
    }
}
