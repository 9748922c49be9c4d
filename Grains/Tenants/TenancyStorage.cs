namespace Orchestrator.Grains.Tenants;

/// <summary>The grain storage of tenants, users, API keys and refresh families: in memory in embedded mode, PostgreSQL in cluster mode.</summary>
public static class TenancyStorage
{
    public const string Name = "tenancy";
}
