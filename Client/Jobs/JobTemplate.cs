using System.Text.Json;

namespace Orchestrator.Client.Jobs;

/// <summary>The job a schedule fires or a workflow step runs: a submission without run time, delay or idempotency key.</summary>
public sealed record JobTemplate
{
    public required string Type { get; init; }
    /// <summary>Any JSON; null when the job takes none. <see cref="Create{TPayload}"/> serializes a typed payload.</summary>
    public JsonElement? Payload { get; init; }
    public string? Queue { get; init; }
    public int? Priority { get; init; }
    public int? MaxAttempts { get; init; }
    public BackoffOptions? Backoff { get; init; }
    public TimeSpan? Timeout { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>A template for <paramref name="type"/> with <paramref name="payload"/> as camelCase JSON.</summary>
    public static JobTemplate Create<TPayload>(string type, TPayload payload) => new() { Type = type, Payload = ClientJson.ToElement(payload) };
}
