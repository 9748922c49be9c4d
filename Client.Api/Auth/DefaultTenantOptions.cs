namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// The <c>default</c> tenant a gateway creates at start (<c>Orchestrator:DefaultTenant</c>): on by default in embedded
/// mode, so the two-command tour works, and off in cluster mode unless configured. Its API key is printed at start
/// when generated; a configured key (<see cref="ApiKey"/>) lets several gateways, scripts and tests share one.
/// </summary>
public sealed class DefaultTenantOptions
{
    public const string Section = "Orchestrator:DefaultTenant";
    public const string TenantId = Grains.Interfaces.Jobs.JobIds.DefaultTenant;

    /// <summary>Create the tenant at start; null means "in embedded mode only".</summary>
    public bool? Enabled { get; set; }

    /// <summary>An API key (<c>orch_…</c>, e.g. from an earlier start) to register with the <c>admin</c> role; generated when empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>An owner user to create, so the tenant can also sign in with a password.</summary>
    public string? OwnerEmail { get; set; }
    public string? OwnerPassword { get; set; }

    /// <summary>Allow <c>shell</c> jobs for this tenant: an operator's decision, like a platform admin's for other tenants.</summary>
    public bool ShellEnabled { get; set; }

    /// <summary>
    /// The default tenant's plan (default <c>enterprise</c>: no job limits), set from its creation when it has never
    /// had another; a plan an admin gave it later is kept.
    /// </summary>
    public string Plan { get; set; } = "enterprise";
}
