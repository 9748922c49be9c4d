using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Orchestrator.Client;

/// <summary>Durations on the wire: written as ISO 8601 (<c>PT30S</c>); read from ISO 8601 or a number of seconds.</summary>
internal sealed class IsoDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return TimeSpan.FromSeconds(reader.GetDouble());
        var text = reader.GetString() ?? throw new JsonException("Expected a duration.");
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal)) return XmlConvert.ToTimeSpan(text);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(XmlConvert.ToString(value));
}
