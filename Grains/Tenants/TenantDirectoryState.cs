using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>The persistent state of the tenant directory: one summary per tenant. Ids are stable.</summary>
[GenerateSerializer, Alias("TenantDirectoryState")]
public sealed class TenantDirectoryState
{
    [Id(0)] public Dictionary<string, TenantView> Tenants { get; set; } = new(StringComparer.Ordinal);
}
