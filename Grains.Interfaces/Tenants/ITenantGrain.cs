namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>
/// One tenant, keyed by tenant id: its name, status and features. The same grain also answers
/// <see cref="ITenantAccessGrain"/> (apps, API keys, users), so a tenant's access list changes in one place.
/// </summary>
[Alias("tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the tenant with its first owner (whose email must be free), or with no user yet (the seeded
    /// <c>default</c> tenant). Registering the same tenant with the same name and owner again returns it.
    /// </summary>
    [Alias("register")]
    Task<TenantView> Register(string name, UserRecord? owner);

    /// <summary>The tenant, or null when nobody registered this id.</summary>
    [Alias("get")]
    Task<TenantView?> Get();

    /// <summary>What hot paths check: existence, status, features.</summary>
    [Alias("settings")]
    Task<TenantSettings> GetSettings();

    /// <summary>Blocks (with a reason) or unblocks the tenant.</summary>
    [Alias("set-blocked")]
    Task<TenantView> SetBlocked(bool blocked, string? reason);

    /// <summary>Allows or forbids <c>shell</c> jobs for this tenant (a platform admin's decision).</summary>
    [Alias("set-shell")]
    Task<TenantView> SetShellEnabled(bool enabled);
}
