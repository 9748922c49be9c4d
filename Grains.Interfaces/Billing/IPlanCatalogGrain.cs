namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>The plans (one grain, key 0), seeded with <c>free</c>, <c>pro</c> and <c>enterprise</c> from configuration.</summary>
[Alias("plan-catalog")]
public interface IPlanCatalogGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<IReadOnlyList<Plan>> List();

    /// <summary>The plan, or null when there is none of that name.</summary>
    [Alias("get")]
    Task<Plan?> Get(string name);

    /// <summary>Creates or replaces a plan; <see cref="BillingValidationException"/> when a limit or price is invalid (e.g. negative).</summary>
    [Alias("put")]
    Task<Plan> Put(Plan plan);
}
