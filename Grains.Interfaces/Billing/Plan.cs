namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A plan (tier): limits and prices. Limits left null are unlimited. Prices are in minor currency units (cents) as
/// integers — no floating point anywhere in billing. Seeded: <c>free</c>, <c>pro</c>, <c>enterprise</c>.
/// </summary>
[GenerateSerializer, Alias("Plan")]
public sealed record Plan
{
    [Id(0)] public required string Name { get; init; }
    /// <summary>Jobs a tenant may submit per UTC day before the soft limit.</summary>
    [Id(1)] public long? IncludedJobsPerDay { get; init; }
    /// <summary>Jobs per UTC calendar month included in the base price; billing charges the jobs run above it.</summary>
    [Id(2)] public long? IncludedJobsPerMonth { get; init; }
    /// <summary>Attempts of the tenant running at once, across all silos.</summary>
    [Id(3)] public int? MaxConcurrentJobs { get; init; }
    /// <summary>Jobs waiting (Scheduled, Queued, Retrying) at once.</summary>
    [Id(4)] public long? MaxPendingJobs { get; init; }
    [Id(5)] public int? MaxPayloadBytes { get; init; }
    [Id(6)] public int? MaxSchedules { get; init; }
    [Id(7)] public int? MaxWorkflows { get; init; }
    /// <summary>Price of each started 1,000 jobs run above the month's included jobs, in minor units.</summary>
    [Id(8)] public long PricePer1000JobsMinor { get; init; }
    /// <summary>Price of each retry (an attempt after the first), in minor units.</summary>
    [Id(9)] public long PricePerRetryMinor { get; init; }
    /// <summary>The monthly base price, in minor units; pro-rated by day when the plan changes within a month.</summary>
    [Id(10)] public long MonthlyBaseMinor { get; init; }
    /// <summary>ISO 4217 code, e.g. <c>USD</c>.</summary>
    [Id(11)] public string Currency { get; init; } = "USD";
    /// <summary>How far over a job limit (in percent of it) submissions are still accepted, with a warning.</summary>
    [Id(12)] public int GracePercent { get; init; }
    /// <summary>How many days over the monthly job limit submissions are still accepted, with a warning.</summary>
    [Id(13)] public int GraceDays { get; init; }
}
