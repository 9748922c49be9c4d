using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>The plan catalog: seeded with <see cref="SeedPlans"/> the first time it is read, then the admins' to change.</summary>
public sealed class PlanCatalogGrain(
    [PersistentState("plans", BillingStorage.Name)] IPersistentState<PlanCatalogState> catalog) : Grain, IPlanCatalogGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var missing = SeedPlans.All.Where(p => !catalog.State.Seeded.Contains(p.Name)).ToArray();
        if (missing.Length == 0) return;
        foreach (var plan in missing)
        {
            catalog.State.Plans.TryAdd(plan.Name, plan);
            catalog.State.Seeded.Add(plan.Name);
        }
        await catalog.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<Plan>> List() =>
        Task.FromResult<IReadOnlyList<Plan>>(catalog.State.Plans.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray());

    public Task<Plan?> Get(string name) => Task.FromResult(catalog.State.Plans.GetValueOrDefault(name));

    public async Task<Plan> Put(Plan plan)
    {
        PlanRules.Validate(plan);
        catalog.State.Plans[plan.Name] = plan;
        await catalog.WriteStateAsync();
        return plan;
    }
}
