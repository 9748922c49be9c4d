namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A tenant's job quotas (key: tenant id): the counts of jobs accepted today and this month (UTC) against its plan,
/// kept in memory and recounted from the job rows when the grain activates or a period begins.
/// </summary>
[Alias("quota")]
public interface IQuotaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Grants a silo up to <paramref name="wanted"/> submissions (fewer near a threshold, so each crossing is seen),
    /// after taking back <paramref name="unused"/> from its previous lease.
    /// </summary>
    [Alias("lease")]
    Task<QuotaLease> Lease(int wanted, int unused);

    [Alias("status")]
    Task<QuotaStatus> Status();

    /// <summary>
    /// A silo (<paramref name="owner"/>, as the executor names itself) asks to run up to <paramref name="wanted"/>
    /// more of the tenant's attempts at once; the grant keeps the sum over all live silos within the plan's
    /// <see cref="Plan.MaxConcurrentJobs"/>. Slots held by silos that are gone are taken back.
    /// </summary>
    [Alias("acquire-run-slots")]
    Task<RunSlots> AcquireRunSlots(string owner, int wanted);

    /// <summary>A silo gives back run slots it no longer needs.</summary>
    [Alias("release-run-slots")]
    Task ReleaseRunSlots(string owner, int count);

    /// <summary>The plan in effect, for limits checked elsewhere (schedules, workflows); null when the tenant does not exist.</summary>
    [Alias("plan")]
    Task<Plan?> CurrentPlan();

    /// <summary>
    /// The tenant's subscription changed to <paramref name="subscription"/>: its limits apply from its start (at once when
    /// it has started; a block of the old plan is lifted if the new one allows). Carries the subscription so the
    /// quota grain need not call back into the subscription grain that is telling it.
    /// </summary>
    [Alias("plan-changed")]
    Task PlanChanged(Subscription subscription);
}
