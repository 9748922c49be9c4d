namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>What the gateway and the silos check on hot paths (and cache): does the tenant exist, is it blocked, may it run <c>shell</c> jobs.</summary>
[GenerateSerializer, Alias("TenantSettings")]
public sealed record TenantSettings(
    [property: Id(0)] bool Exists,
    [property: Id(1)] TenantStatus Status,
    [property: Id(2)] bool ShellEnabled)
{
    /// <summary>The settings of a tenant id nobody registered.</summary>
    public static readonly TenantSettings Unknown = new(false, TenantStatus.Active, false);

    /// <summary>True when the tenant exists and is blocked.</summary>
    public bool IsBlocked => Exists && Status == TenantStatus.Blocked;
}
