namespace Orchestrator.Client.Jobs;

/// <summary>Everything a submission may add to its type and payload; unset members take the server's defaults.</summary>
public sealed record SubmitOptions
{
    /// <summary>Queue name; default <c>default</c>.</summary>
    public string? Queue { get; init; }
    /// <summary>-1000..1000, higher first; default 0.</summary>
    public int? Priority { get; init; }
    /// <summary>Start time; exclusive with <see cref="Delay"/>.</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>Start after this delay; exclusive with <see cref="RunAt"/>.</summary>
    public TimeSpan? Delay { get; init; }
    /// <summary>1..100; default 5.</summary>
    public int? MaxAttempts { get; init; }
    public BackoffOptions? Backoff { get; init; }
    /// <summary>Per-attempt timeout; default 30 min, at most 24 h.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Carried into the job's logs and outgoing calls; a new id when null.</summary>
    public string? CorrelationId { get; init; }
    /// <summary>Up to 20 labels.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>
    /// Makes the submit idempotent: the same key with the same submission returns the existing job, with another one
    /// fails with 409. Keys and fingerprints are the same on both transports, so a retry may switch transport.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
