namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// The cluster's one usage flusher (key 0): keeps the <c>usage_daily</c> snapshot current without anyone reading it,
/// by a reminder every <c>Orchestrator:Billing:UsageFlushPeriod</c>. Each silo starts it when it becomes active.
/// </summary>
[Alias("usage-flush")]
public interface IUsageFlushGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the flush reminder exists (safe to call again).</summary>
    [Alias("start")]
    Task Start();
}
