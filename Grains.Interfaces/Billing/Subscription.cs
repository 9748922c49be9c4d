namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A tenant's plan from <see cref="StartsAt"/> until the next subscription starts (<see cref="EndsAt"/>). A tenant
/// has exactly one subscription in effect at any instant; changes take effect at once for limits.
/// </summary>
[GenerateSerializer, Alias("Subscription")]
public sealed record Subscription
{
    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public required string Plan { get; init; }
    [Id(2)] public required DateTimeOffset StartsAt { get; init; }
    /// <summary>When the next subscription took over; null for the one in effect.</summary>
    [Id(3)] public DateTimeOffset? EndsAt { get; init; }
    /// <summary>Who made the change (admin email, or <c>system</c> for the default).</summary>
    [Id(4)] public string ChangedBy { get; init; } = "system";
}
