namespace Orchestrator.Cli;

/// <summary>Everything the CLI touches outside itself, so tests can run it in-process.</summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public TextReader In { get; init; } = TextReader.Null;
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    /// <summary>The profiles file; default <c>~/.config/orchestrator/profiles.json</c> (or <c>ORCHESTRATOR_PROFILES</c>).</summary>
    public string? ProfilesPath { get; init; }
    /// <summary>Sends the HTTP requests (tests: an in-memory server); null for the network.</summary>
    public HttpMessageHandler? Handler { get; init; }
    /// <summary>Whether stdout is a terminal (progress bars redraw in place) or redirected (one line per change).</summary>
    public bool Interactive { get; init; }
    /// <summary>How long <c>watch</c> waits between reads.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public string? Variable(string name) => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static CliEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        Variables = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? ""),
        Interactive = !Console.IsOutputRedirected,
    };
}
