using System.Text.Json;

namespace Orchestrator.Client.Api.Jobs;

/// <summary>
/// The body of <c>POST /v1/jobs</c>, for the OpenAPI document. The endpoint reads the JSON itself
/// (<see cref="JobSubmissionReader"/>) so every bad field gets its own message.
/// </summary>
/// <param name="Type">Handler name: <c>noop</c>, <c>http</c>, <c>shell</c> or a registered .NET handler.</param>
/// <param name="Payload">Any JSON, at most <c>Orchestrator:Jobs:MaxPayloadBytes</c> (256 KiB) compact.</param>
/// <param name="Queue">Queue name; default <c>default</c>.</param>
/// <param name="Priority">-1000..1000, higher first; default 0.</param>
/// <param name="RunAt">RFC 3339 time with offset; exclusive with <paramref name="Delay"/>.</param>
/// <param name="Delay">Seconds or ISO 8601 duration (<c>PT5M</c>); exclusive with <paramref name="RunAt"/>.</param>
/// <param name="MaxAttempts">1..100; default 5.</param>
/// <param name="Backoff">Retry backoff; default 1 s doubling to 5 min with full jitter.</param>
/// <param name="Timeout">Per-attempt timeout, seconds or ISO 8601; default 30 min, at most 24 h.</param>
/// <param name="CorrelationId">Echoed in <c>X-Correlation-Id</c> and logs; default the request's header or a new id.</param>
/// <param name="Tags">Up to 20 labels.</param>
public sealed record SubmitJobRequest(
    string Type,
    JsonElement? Payload = null,
    string? Queue = null,
    int? Priority = null,
    DateTimeOffset? RunAt = null,
    string? Delay = null,
    int? MaxAttempts = null,
    BackoffRequest? Backoff = null,
    string? Timeout = null,
    string? CorrelationId = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>Backoff in a submission.</summary>
/// <param name="Initial">Seconds or ISO 8601 duration before the second attempt.</param>
/// <param name="Max">Cap of any delay.</param>
/// <param name="Multiplier">1..10.</param>
/// <param name="Jitter"><c>full</c> (default) or <c>none</c>.</param>
public sealed record BackoffRequest(string? Initial = null, string? Max = null, double? Multiplier = null, string? Jitter = null);

/// <summary>The body of <c>POST /v1/jobs/batch</c>: up to 1,000 submissions, accepted or refused whole.</summary>
public sealed record SubmitBatchRequest(IReadOnlyList<SubmitJobRequest> Jobs);
