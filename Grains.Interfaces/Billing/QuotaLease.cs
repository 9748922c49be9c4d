namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A tenant's quota grain's answer to a silo: how many submissions it may admit without asking again, the warning
/// to attach to them, and the plan's limits a silo checks itself.
/// </summary>
[GenerateSerializer, Alias("QuotaLease")]
public sealed record QuotaLease
{
    /// <summary>Submissions granted (already counted as used); 0 when blocked.</summary>
    [Id(0)] public int Granted { get; init; }
    [Id(1)] public QuotaLevel Level { get; init; }
    /// <summary>The <c>X-Quota-Warning</c> text, when <see cref="Level"/> is Warning or Grace.</summary>
    [Id(2)] public string? Warning { get; init; }
    /// <summary>Why submissions are refused, when <see cref="Granted"/> is 0.</summary>
    [Id(3)] public string? Refusal { get; init; }
    /// <summary>When a refused submission may succeed (the period's end, or a short wait for a pending limit).</summary>
    [Id(4)] public DateTimeOffset? RetryAt { get; init; }
    /// <summary>True when the plan has no job limit: the silo admits without counting until the lease expires.</summary>
    [Id(5)] public bool Unlimited { get; init; }
    /// <summary>The plan's payload limit, if any.</summary>
    [Id(6)] public int? MaxPayloadBytes { get; init; }
    /// <summary>True when the refusal is the bound on waiting jobs (backpressure), not a used-up quota.</summary>
    [Id(7)] public bool PendingBoundReached { get; init; }
}
