using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Client;

/// <summary>
/// A policy enum as the gateway's requests name it (<c>FireOnce</c> → <c>fire-once</c>); reads either that or the
/// member name, because some responses echo the member name (a workflow's <c>failurePolicy</c>).
/// </summary>
internal sealed class WireEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException($"Expected a {typeof(T).Name}.");
        return Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new JsonException($"'{text}' is not a {typeof(T).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

    /// <summary>The wire name of <paramref name="value"/>.</summary>
    public static string Name(T value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
