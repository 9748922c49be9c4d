using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

[GenerateSerializer, Alias("PlanCatalogState")]
public sealed class PlanCatalogState
{
    [Id(0)] public Dictionary<string, Plan> Plans { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Seed plans already added once: one an admin changed is not put back.</summary>
    [Id(1)] public HashSet<string> Seeded { get; set; } = new(StringComparer.Ordinal);
}
