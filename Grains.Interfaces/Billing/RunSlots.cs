namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A quota grain's answer to a silo asking to run more of a tenant's attempts: how many more it may run at once
/// (its share of the plan's <see cref="Plan.MaxConcurrentJobs"/>), or that the plan sets no limit.
/// </summary>
[GenerateSerializer, Alias("RunSlots")]
public sealed record RunSlots([property: Id(0)] int Granted, [property: Id(1)] int? Limit)
{
    public bool Unlimited => Limit is null;
}
