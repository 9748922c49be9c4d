using YamlDotNet.RepresentationModel;

namespace Orchestrator.Tests.Deploy;

/// <summary>Reading YAML files as plain nodes, so a test sees exactly what the file says, without a schema.</summary>
public static class YamlNodes
{
    /// <summary>The root mapping of the single document in <paramref name="path"/>.</summary>
    public static YamlMappingNode LoadMapping(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path)) stream.Load(reader);
        return stream.Documents.Single().RootNode as YamlMappingNode
            ?? throw new InvalidOperationException($"{path}: the document is not a mapping.");
    }

    /// <summary>The value under <paramref name="key"/>, or null when the node is not a mapping or has no such key.</summary>
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The text of a scalar node; null for a missing node, a YAML null, or a collection.</summary>
    public static string? Text(this YamlNode? node) =>
        node is YamlScalarNode { Value: var value } scalar && !IsNull(scalar) ? value : null;

    /// <summary>The items of a sequence; empty for a missing node or a YAML null.</summary>
    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
