namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>Whether a tenant may use the service. A blocked tenant's calls answer 403 and its due work waits.</summary>
public enum TenantStatus
{
    Active = 0,
    Blocked = 1,
}
