using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Client;

/// <summary>
/// JSON as the gateway speaks it: camelCase, durations as ISO 8601, nulls left out of requests, and non-ASCII text
/// unescaped (the gateway stores payloads that way, so sizes and idempotency fingerprints match whichever transport sent them).
/// </summary>
internal static class ClientJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new IsoDurationConverter() },
    };

    /// <summary>A value as a JSON element, serialized with <see cref="Options"/>.</summary>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>The element as compact JSON text, exactly as the gateway compacts what it receives.</summary>
    public static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>JSON text (a payload or result as the grains keep it) as an element.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
