using YamlDotNet.RepresentationModel;

namespace Orchestrator.Tests.Deploy;

/// <summary>
/// docker-compose.yml as written (no interpolation, no merging), with the alternative shapes compose allows for a
/// key (a list or a mapping, a short or a long syntax) read into one form.
/// </summary>
public sealed class ComposeFile
{
    private readonly YamlMappingNode _root;

    private ComposeFile(YamlMappingNode root)
    {
        _root = root;
    }

    public static ComposeFile Load(string path) => new(YamlNodes.LoadMapping(path));

    public IReadOnlyList<string> ServiceNames =>
        (_root.Child("services") as YamlMappingNode)?.Children.Keys.Select(k => k.Text() ?? "").ToList() ?? [];

    /// <summary>The service's mapping; a missing service fails with its name.</summary>
    public YamlMappingNode Service(string name) =>
        _root.Child("services").Child(name) as YamlMappingNode
            ?? throw new InvalidOperationException($"docker-compose.yml has no service '{name}'.");

    /// <summary><c>environment</c> as name → value, from either the mapping or the <c>NAME=value</c> list form.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var environment = Service(service).Child("environment");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (environment is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children) variables.Add(key.Text() ?? "", value.Text() ?? "");
        }
        foreach (var item in environment.Items())
        {
            var text = item.Text() ?? "";
            var equals = text.IndexOf('=');
            variables.Add(equals < 0 ? text : text[..equals], equals < 0 ? "" : text[(equals + 1)..]);
        }
        return variables;
    }

    /// <summary>The healthcheck command as a list: the exec form as written, a plain string as <c>CMD-SHELL</c>.</summary>
    public IReadOnlyList<string> HealthcheckTest(string service)
    {
        var test = Service(service).Child("healthcheck").Child("test");
        return test.Text() is { } shell ? ["CMD-SHELL", shell] : test.Items().Select(i => i.Text() ?? "").ToList();
    }

    /// <summary>Published ports as (host port or null, container port), from the short or the long syntax.</summary>
    public IReadOnlyList<(string? Published, string Target)> Ports(string service) =>
        Service(service).Child("ports").Items().Select(item => item.Text() is { } text
                ? ParseShortPort(text)
                : (item.Child("published").Text(), item.Child("target").Text() ?? ""))
            .ToList();

    /// <summary>Mounts as (source, target), from the short <c>source:target[:mode]</c> or the long syntax.</summary>
    public IReadOnlyList<(string Source, string Target)> Volumes(string service) =>
        Service(service).Child("volumes").Items().Select(item =>
            {
                if (item.Text() is not { } text) return (item.Child("source").Text() ?? "", item.Child("target").Text() ?? "");
                var parts = text.Split(':');
                return parts.Length == 1 ? ("", parts[0]) : (parts[0], parts[1]);
            })
            .ToList();

    private static (string? Published, string Target) ParseShortPort(string text)
    {
        // [ip:][host:]container[/protocol]
        var parts = text.Split('/')[0].Split(':');
        return parts.Length == 1 ? (null, parts[0]) : (parts[^2], parts[^1]);
    }
}
