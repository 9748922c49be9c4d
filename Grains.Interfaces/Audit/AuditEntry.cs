namespace Orchestrator.Grains.Interfaces.Audit;

/// <summary>
/// One recorded action: who did what to which target, for which tenant, when, and how it ended. Never holds a
/// request body, header, query string or secret. Stored append-only; <see cref="Id"/> makes appending idempotent,
/// so a batch sent twice (a retry after a lost reply) is stored once.
/// </summary>
[GenerateSerializer, Alias("AuditEntry")]
public sealed record AuditEntry
{
    /// <summary>The actor kind of a caller no one authenticated (a failed login, a rejected call).</summary>
    public const string AnonymousActor = "anonymous";

    /// <summary>A time-ordered id (UUIDv7); the tie-breaker of the newest-first order.</summary>
    [Id(0)] public required Guid Id { get; init; }

    /// <summary>When the request arrived.</summary>
    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary>The tenant the action concerns; null for a platform-level action that concerns no tenant.</summary>
    [Id(2)] public string? TenantId { get; init; }

    /// <summary>How the actor signed in: <c>user</c>, <c>apikey</c>, <c>admin</c>, or <see cref="AnonymousActor"/>.</summary>
    [Id(3)] public required string ActorKind { get; init; }

    /// <summary>The actor's id (user, API key or admin id); null when anonymous.</summary>
    [Id(4)] public string? ActorId { get; init; }

    /// <summary>The actor's display name (an email, an API key's public prefix); never a secret.</summary>
    [Id(5)] public string? ActorName { get; init; }

    /// <summary>The HTTP method and route pattern, e.g. <c>POST /v1/jobs/{id}/cancel</c>.</summary>
    [Id(6)] public required string Action { get; init; }

    /// <summary>What the action was applied to: the route's <c>id</c> value, if any.</summary>
    [Id(7)] public string? Target { get; init; }

    /// <summary>The HTTP status of the response.</summary>
    [Id(8)] public int Status { get; init; }

    /// <summary>One of <see cref="AuditOutcome"/>'s values, derived from <see cref="Status"/>.</summary>
    [Id(9)] public required string Outcome { get; init; }

    /// <summary>The request's correlation id, to find the matching logs and jobs.</summary>
    [Id(10)] public string? CorrelationId { get; init; }
}
