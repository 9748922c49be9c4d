using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Jobs;

/// <summary>
/// Turns one submission's JSON into a <see cref="JobSpec"/>, or into field errors that name the field and the
/// rule. Unknown fields are refused so a typo (<c>maxAttempt</c>) never silently falls back to a default.
/// </summary>
public static partial class JobSubmissionReader
{
    private static readonly HashSet<string> Fields =
        ["type", "payload", "queue", "priority", "runAt", "delay", "maxAttempts", "backoff", "timeout", "correlationId", "tags"];
    private static readonly HashSet<string> BackoffFields = ["initial", "max", "multiplier", "jitter"];

    /// <summary>The outcome: a spec, or errors, and the payload's compact size in bytes either way.</summary>
    public sealed record Result(JobSpec? Spec, Dictionary<string, string[]> Errors, int PayloadBytes);

    /// <param name="body">The submission object.</param>
    /// <param name="prefix">Prefix of field names in errors (<c>jobs[3].</c> in a batch).</param>
    /// <param name="defaultCorrelationId">Used when the body has no <c>correlationId</c>.</param>
    /// <param name="idempotencyKey">The request's <c>Idempotency-Key</c>, if any.</param>
    public static Result Read(JsonElement body, string prefix, string defaultCorrelationId, string? idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[prefix + field] = [message];

        if (body.ValueKind != JsonValueKind.Object)
        {
            Error("", "Each submission must be a JSON object.");
            return new Result(null, errors, 0);
        }
        foreach (var property in body.EnumerateObject())
        {
            if (!Fields.Contains(property.Name)) Error(property.Name, $"Unknown field. Known fields: {string.Join(", ", Fields)}.");
        }

        string? type = null;
        if (!body.TryGetProperty("type", out var typeElement)) Error("type", "Required: the handler that runs the job.");
        else if (typeElement.ValueKind != JsonValueKind.String) Error("type", "Must be a string.");
        else type = typeElement.GetString();

        var payload = "null";
        if (body.TryGetProperty("payload", out var payloadElement)) payload = Compact(payloadElement);
        var payloadBytes = Encoding.UTF8.GetByteCount(payload);

        var queue = ReadString(body, "queue", Error) ?? JobLimits.DefaultQueue;
        var priority = ReadInt(body, "priority", Error) ?? 0;
        var maxAttempts = ReadInt(body, "maxAttempts", Error);
        var delay = ReadDuration(body, "delay", Error);
        var timeout = ReadDuration(body, "timeout", Error);
        var correlationId = ReadString(body, "correlationId", Error) ?? defaultCorrelationId;

        DateTimeOffset? runAt = null;
        if (body.TryGetProperty("runAt", out var runAtElement))
        {
            if (runAtElement.ValueKind == JsonValueKind.String && Rfc3339().IsMatch(runAtElement.GetString()!)
                && DateTimeOffset.TryParse(runAtElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                runAt = parsed;
            }
            else Error("runAt", "Must be an RFC 3339 date-time with an offset, e.g. 2030-01-01T09:00:00Z or 2030-01-01T10:00:00+01:00.");
        }

        BackoffPolicy? backoff = null;
        if (body.TryGetProperty("backoff", out var b))
        {
            backoff = ReadBackoff(b, prefix + "backoff.", Error);
        }

        IReadOnlyList<string> tags = [];
        if (body.TryGetProperty("tags", out var tagsElement))
        {
            if (tagsElement.ValueKind != JsonValueKind.Array || tagsElement.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
                Error("tags", "Must be an array of strings.");
            else tags = tagsElement.EnumerateArray().Select(t => t.GetString()!).ToArray();
        }

        if (errors.Count > 0 || type is null) return new Result(null, errors, payloadBytes);

        var spec = new JobSpec
        {
            Type = type,
            Payload = payload,
            Queue = queue,
            Priority = priority,
            RunAt = runAt,
            Delay = delay,
            MaxAttempts = maxAttempts,
            Backoff = backoff,
            Timeout = timeout,
            CorrelationId = correlationId,
            Tags = tags,
            IdempotencyKey = idempotencyKey,
            RequestFingerprint = idempotencyKey is null ? null : Fingerprint(body),
        };
        foreach (var (field, messages) in JobLimits.Validate(spec)) errors[prefix + field] = messages;
        return new Result(errors.Count == 0 ? spec : null, errors, payloadBytes);
    }

    public static BackoffPolicy? ReadBackoff(JsonElement b, string prefix, Action<string, string> error)
    {
        if (b.ValueKind != JsonValueKind.Object)
        {
            error("backoff", "Must be an object: {initial, max, multiplier, jitter}.");
            return null;
        }
        var before = 0;
        void Error(string field, string message) { before++; error("backoff." + field, message); }
        foreach (var property in b.EnumerateObject())
        {
            if (!BackoffFields.Contains(property.Name)) Error(property.Name, $"Unknown field. Known fields: {string.Join(", ", BackoffFields)}.");
        }
        var policy = BackoffPolicy.Default;
        if (ReadDuration(b, "initial", Error) is { } initial) policy = policy with { Initial = initial, Max = policy.Max < initial ? initial : policy.Max };
        if (ReadDuration(b, "max", Error) is { } max) policy = policy with { Max = max };
        if (b.TryGetProperty("multiplier", out var m))
        {
            if (m.ValueKind == JsonValueKind.Number && m.TryGetDouble(out var multiplier)) policy = policy with { Multiplier = multiplier };
            else Error("multiplier", "Must be a number.");
        }
        if (b.TryGetProperty("jitter", out var j))
        {
            var jitter = j.ValueKind == JsonValueKind.String ? j.GetString()!.ToLowerInvariant() : null;
            if (jitter == "full") policy = policy with { Jitter = BackoffJitter.Full };
            else if (jitter == "none") policy = policy with { Jitter = BackoffJitter.None };
            else Error("jitter", "Must be \"full\" or \"none\".");
        }
        return before == 0 ? policy : null;
    }

    private static string? ReadString(JsonElement body, string name, Action<string, string> error)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        error(name, "Must be a string.");
        return null;
    }

    private static int? ReadInt(JsonElement body, string name, Action<string, string> error)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        error(name, "Must be an integer.");
        return null;
    }

    private static TimeSpan? ReadDuration(JsonElement body, string name, Action<string, string> error)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (JsonDuration.TryRead(value, out var duration)) return duration;
        error(name, "Must be a number of seconds or an ISO 8601 duration such as \"PT30S\".");
        return null;
    }

    /// <summary>
    /// The element as compact JSON (whitespace between tokens dropped). Non-ASCII text stays as is rather than
    /// \u-escaped, so sizes and stored payloads match what the caller sent; the text is never embedded in HTML.
    /// </summary>
    public static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>SHA-256 of the compact request: what "the same body" means for an idempotent replay.</summary>
    private static string Fingerprint(JsonElement body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Compact(body))));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
