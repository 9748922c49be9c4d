namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// One tenant's usage of one UTC day, keyed <c>{tenant}/{yyyy-MM-dd}</c>. Counts are derived from the durable job
/// rows (each attempt is one row, keyed by job and attempt number, so a re-delivered attempt is never counted
/// twice and a silo's death loses nothing), cached briefly, and written to <c>usage_daily</c> in batches.
/// </summary>
[Alias("usage")]
public interface IUsageGrain : IGrainWithStringKey
{
    /// <summary>The day's usage, recounted when the cached count is older than the refresh period.</summary>
    [Alias("get")]
    Task<UsageDay> Get();
}
