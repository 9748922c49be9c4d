using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Orchestrator.Client.Jobs;

/// <summary>
/// A submission as the gateway's JSON body, built once for both transports: the HTTP transport sends it, the Orleans
/// transport fingerprints it as the gateway would, so an idempotent submit means the same on either.
/// </summary>
internal static class JobBody
{
    /// <summary>The body of <c>POST /v1/jobs</c>; only the members given.</summary>
    public static JsonObject Submission(string type, JsonElement payload, SubmitOptions options)
    {
        var body = Template(new JobTemplate
        {
            Type = type, Payload = payload, Queue = options.Queue, Priority = options.Priority, MaxAttempts = options.MaxAttempts,
            Backoff = options.Backoff, Timeout = options.Timeout, Tags = options.Tags,
        });
        if (options.RunAt is { } runAt) body["runAt"] = runAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        if (options.Delay is { } delay) body["delay"] = XmlConvert.ToString(delay);
        if (options.CorrelationId is { } correlationId) body["correlationId"] = correlationId;
        return body;
    }

    /// <summary>A job template as schedules and workflow steps take it.</summary>
    public static JsonObject Template(JobTemplate template)
    {
        var body = new JsonObject { ["type"] = template.Type, ["payload"] = JsonNode.Parse(PayloadJson(template.Payload)) };
        if (template.Queue is { } queue) body["queue"] = queue;
        if (template.Priority is { } priority) body["priority"] = priority;
        if (template.MaxAttempts is { } maxAttempts) body["maxAttempts"] = maxAttempts;
        if (template.Backoff is { } backoff) body["backoff"] = Backoff(backoff);
        if (template.Timeout is { } timeout) body["timeout"] = XmlConvert.ToString(timeout);
        if (template.Tags is { } tags) body["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        return body;
    }

    /// <summary>The payload as the grains store it: compact JSON, <c>null</c> when none.</summary>
    public static string PayloadJson(JsonElement? payload) => payload is { } element ? ClientJson.Compact(element) : "null";

    /// <summary>SHA-256 of the compact body: what "the same submission" means for an idempotent replay (the gateway's rule).</summary>
    public static string Fingerprint(JsonObject body)
    {
        using var document = JsonDocument.Parse(body.ToJsonString(ClientJson.Options));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ClientJson.Compact(document.RootElement))));
    }

    private static JsonObject Backoff(BackoffOptions backoff)
    {
        var body = new JsonObject();
        if (backoff.Initial is { } initial) body["initial"] = XmlConvert.ToString(initial);
        if (backoff.Max is { } max) body["max"] = XmlConvert.ToString(max);
        if (backoff.Multiplier is { } multiplier) body["multiplier"] = multiplier;
        if (backoff.Jitter is { } jitter) body["jitter"] = WireEnumConverter<BackoffJitter>.Name(jitter);
        return body;
    }
}
