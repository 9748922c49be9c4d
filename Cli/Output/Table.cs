using System.Text.Json;

namespace Orchestrator.Cli.Output;

/// <summary>A plain text table: a header row and aligned columns, long cells cut.</summary>
public static class Table
{
    public const int MaxCell = 60;

    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => Cut(c ?? "")).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", headers.Select((h, i) => h.ToUpperInvariant().PadRight(widths[i]))).TrimEnd());
        foreach (var row in all) output.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        if (all.Count == 0) output.WriteLine("(none)");
    }

    /// <summary>Key: value lines for one object.</summary>
    public static void WriteFields(TextWriter output, IEnumerable<(string Name, string? Value)> fields)
    {
        var list = fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToList();
        var width = list.Count == 0 ? 0 : list.Max(f => f.Name.Length);
        foreach (var (name, value) in list) output.WriteLine($"{(name + ":").PadRight(width + 1)} {value}");
    }

    /// <summary>A property as text ("" when absent or null); objects and arrays as compact JSON.</summary>
    public static string Text(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? Text(value) : "";

    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static string Cut(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= MaxCell ? text : text[..(MaxCell - 1)] + "…";
    }
}
