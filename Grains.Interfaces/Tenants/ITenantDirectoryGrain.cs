namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>
/// The list of all tenants for platform admins (key 0). Tenants write their summary here on every change; it holds
/// one small record per tenant, which suits thousands of tenants, not millions.
/// </summary>
[Alias("tenant-directory")]
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or updates a tenant's summary.</summary>
    [Alias("upsert")]
    Task Upsert(TenantView tenant);

    /// <summary>One page, oldest first, optionally only tenants in <paramref name="status"/>.</summary>
    [Alias("list")]
    Task<TenantDirectoryPage> List(TenantStatus? status, int limit, string? cursor);
}
