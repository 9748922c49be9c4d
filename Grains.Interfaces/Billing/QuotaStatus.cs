namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>A tenant's quota as <c>GET /v1/billing/usage</c> shows it.</summary>
[GenerateSerializer, Alias("QuotaStatus")]
public sealed record QuotaStatus
{
    [Id(0)] public required string Plan { get; init; }
    [Id(1)] public required QuotaLevel Level { get; init; }
    /// <summary>Jobs accepted today (UTC) and the plan's daily limit (null: unlimited).</summary>
    [Id(2)] public long AcceptedToday { get; init; }
    [Id(3)] public long? DailyLimit { get; init; }
    [Id(4)] public long AcceptedThisMonth { get; init; }
    [Id(5)] public long? MonthlyLimit { get; init; }
    /// <summary>When submissions are accepted again, while blocked.</summary>
    [Id(6)] public DateTimeOffset? BlockedUntil { get; init; }
    /// <summary>Threshold crossings (80 %, 100 %, blocked), newest last, at most 50.</summary>
    [Id(7)] public IReadOnlyList<QuotaEvent> Events { get; init; } = [];
}

/// <summary>A threshold a tenant crossed.</summary>
[GenerateSerializer, Alias("QuotaEvent")]
public sealed record QuotaEvent([property: Id(0)] DateTimeOffset At, [property: Id(1)] QuotaLevel Level, [property: Id(2)] string Message);
