using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>KEY=VALUE</c> settings from the command line or the environment (argument wins), the way
/// ../shared/peers/run.sh passes them, so both harnesses take the same knobs.
/// </summary>
public sealed class BenchSettings(IReadOnlyDictionary<string, string> values)
{
    public static BenchSettings Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"Expected KEY=VALUE, got '{arg}'.");
            values[arg[..eq]] = arg[(eq + 1)..];
        }
        return new BenchSettings(values);
    }

    public string String(string key, string fallback) =>
        values.TryGetValue(key, out var v) ? v : Environment.GetEnvironmentVariable(key) is { Length: > 0 } env ? env : fallback;

    public int Int(string key, int fallback) => int.Parse(String(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public double Double(string key, double fallback) => double.Parse(String(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Every setting given, for the report.</summary>
    public IReadOnlyDictionary<string, string> Given => values;
}
