namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>Usage over a range of UTC days (stateless: any silo answers). Days without usage are absent.</summary>
[Alias("usage-query")]
public interface IUsageQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The tenant's usage from <paramref name="from"/> to <paramref name="to"/>, both inclusive, oldest first; at most 366 days.</summary>
    [Alias("range")]
    Task<IReadOnlyList<UsageDay>> Range(string tenantId, DateOnly from, DateOnly to);
}
