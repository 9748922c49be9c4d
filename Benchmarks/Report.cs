using System.Text.Json;

namespace Orchestrator.Benchmarks;

/// <summary>One result: a JSON line (for tools and docs/benchmarks.md) and a human table, both on stdout.</summary>
public static class Report
{
    public static void Print(string scenario, IReadOnlyDictionary<string, object?> settings, IReadOnlyDictionary<string, object?> results)
    {
        var line = new Dictionary<string, object?>
        {
            ["system"] = "orchestrator",
            ["scenario"] = scenario,
            ["at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["cores"] = Environment.ProcessorCount,
            ["call_counting_delay_ms"] = CallCountingDelayMs(),
            ["tiered_pgo"] = TieredPgo(),
        };
        foreach (var (k, v) in settings) line[k] = v;
        foreach (var (k, v) in results) line[k] = v;
        Console.WriteLine(JsonSerializer.Serialize(line));
        Console.Error.WriteLine($"== {scenario} ==");
        foreach (var (k, v) in settings.Concat(results)) Console.Error.WriteLine($"  {k,-28} {Text(v)}");
    }

    /// <summary>
    /// Tiered compilation's call-counting delay this process runs with (silo processes ship the same setting,
    /// Directory.Build.targets): the environment overrides runtimeconfig.json, whose absence means the runtime's 100 ms.
    /// </summary>
    private static string CallCountingDelayMs() =>
        Environment.GetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs") is { } hex ? $"{Convert.ToInt32(hex, 16)} (environment)"
        : AppContext.GetData("System.Runtime.TieredCompilation.CallCountingDelayMs") is { } configured ? $"{configured}"
        : "100 (runtime default)";

    /// <summary>Whether tiered PGO is on in this process (silo processes ship the same setting): environment, else runtimeconfig.json, else the runtime's default (on).</summary>
    private static string TieredPgo() =>
        Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is { } value ? $"{value != "0"} (environment)"
        : AppContext.GetData("System.Runtime.TieredPGO") is { } configured ? $"{configured}"
        : "True (runtime default)";

    /// <summary>A value for the table: nested values (lists, breakdowns) as their JSON.</summary>
    private static string Text(object? value) => value switch
    {
        null => "null",
        string or ValueType => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        _ => JsonSerializer.Serialize(value),
    };

    /// <summary>Nearest-rank percentile of sorted values (as ../shared/peers does).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
