namespace Orchestrator.Cli;

/// <summary>
/// The parsed command line: the command words (<c>jobs submit</c>), positional arguments, and options
/// (<c>--name value</c>, <c>--name=value</c>, or a bare flag). Options may repeat.
/// </summary>
public sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["json", "wait", "all", "yes", "help", "password-stdin"];

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<string> Words { get; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                string value;
                var eq = name.IndexOf('=');
                if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
                else if (Flags.Contains(name)) value = "true";
                else if (i + 1 < args.Count) value = args[++i];
                else throw new CliException(ExitCodes.Usage, $"--{name} needs a value.");
                if (!line._options.TryGetValue(name, out var values)) line._options[name] = values = [];
                values.Add(value);
            }
            else line.Words.Add(arg);
        }
        return line;
    }

    public bool Has(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Option(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var values) ? values[^1] : null;
    }

    public int? IntOption(string name)
    {
        var text = Option(name);
        if (text is null) return null;
        return int.TryParse(text, out var n) ? n : throw new CliException(ExitCodes.Usage, $"--{name} must be a whole number.");
    }

    public bool Flag(string name) => Option(name) is "true" or "1" or "yes";

    /// <summary>The positional argument after the command words, or a usage error naming it.</summary>
    public string Argument(int index, string name, int commandWords) =>
        Words.Count > commandWords + index ? Words[commandWords + index] : throw new CliException(ExitCodes.Usage, $"Missing <{name}>.");

    /// <summary>Fails on options no command read (typos).</summary>
    public void CheckAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliException(ExitCodes.Usage, $"Unknown option {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }
}
