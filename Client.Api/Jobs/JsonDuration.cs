using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Orchestrator.Client.Api.Jobs;

/// <summary>
/// Durations on the wire: a number of seconds (<c>30</c>, <c>0.5</c>) or an ISO 8601 duration (<c>"PT30S"</c>)
/// in requests; always ISO 8601 in responses.
/// </summary>
public static class JsonDuration
{
    public static bool TryRead(JsonElement value, out TimeSpan duration)
    {
        duration = default;
        double seconds;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDouble(out seconds) && double.IsFinite(seconds) && Math.Abs(seconds) <= TimeSpan.MaxValue.TotalSeconds / 2:
                duration = TimeSpan.FromSeconds(seconds);
                return true;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out seconds)
                    && double.IsFinite(seconds) && Math.Abs(seconds) <= TimeSpan.MaxValue.TotalSeconds / 2)
                {
                    duration = TimeSpan.FromSeconds(seconds);
                    return true;
                }
                if (!text.StartsWith('P') && !text.StartsWith("-P", StringComparison.Ordinal)) return false;
                try
                {
                    duration = XmlConvert.ToTimeSpan(text);
                    return true;
                }
                catch (FormatException)
                {
                    return false;
                }
                catch (OverflowException)
                {
                    return false;
                }
            default:
                return false;
        }
    }

    /// <summary>Writes every <see cref="TimeSpan"/> of a response as an ISO 8601 duration.</summary>
    public sealed class Converter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return TryRead(doc.RootElement, out var d) ? d : throw new JsonException("Expected seconds or an ISO 8601 duration.");
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(XmlConvert.ToString(value));
    }
}
