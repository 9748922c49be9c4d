namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>Reads lists of jobs from the silo's query store. Stateless: any silo answers.</summary>
[Alias("job-query")]
public interface IJobQueryGrain : IGrainWithIntegerKey
{
    /// <summary>One page of the tenant's jobs matching the query, newest first.</summary>
    [Alias("list")]
    Task<JobPage> List(JobQuery query);

    /// <summary>How many of the tenant's jobs are in each status (statuses with none are absent).</summary>
    [Alias("count-by-status")]
    Task<Dictionary<JobStatus, long>> CountByStatus(string tenantId);

    /// <summary>The tenant's queues with waiting or running jobs: counts per status, oldest Queued time.</summary>
    [Alias("tenant-queues")]
    Task<IReadOnlyList<Queues.QueueStats>> TenantQueues(string tenantId);
}
