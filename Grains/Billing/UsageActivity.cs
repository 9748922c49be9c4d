namespace Orchestrator.Grains.Billing;

/// <summary>
/// Why a tenant's usage may have changed (<see cref="IUsageStore.ActivitySinceAsync"/>): the earliest job created or
/// attempt started at or after the time asked about, and the earliest start of an attempt still running (each null
/// when there is none).
/// </summary>
public sealed record UsageActivity(string TenantId, DateTimeOffset? ChangedFrom, DateTimeOffset? RunningFrom);
