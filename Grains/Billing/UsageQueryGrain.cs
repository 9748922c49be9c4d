using Orleans.Concurrency;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>Usage over days: each day from its <see cref="IUsageGrain"/> (cached, snapshot-backed), in parallel.</summary>
[StatelessWorker]
public sealed class UsageQueryGrain : Grain, IUsageQueryGrain
{
    public const int MaxDays = 366;

    public async Task<IReadOnlyList<UsageDay>> Range(string tenantId, DateOnly from, DateOnly to)
    {
        if (to < from) throw new BillingValidationException("to", "Must not be before 'from'.");
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) throw new BillingValidationException("to", $"A range covers at most {MaxDays} days.");
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays);
        var usage = await Task.WhenAll(days.Select(d => GrainFactory.GetGrain<IUsageGrain>(UsageKeys.Of(tenantId, d)).Get()));
        return usage.Where(u => u.JobsAccepted > 0 || u.Executions > 0).ToArray();
    }
}
