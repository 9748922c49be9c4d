using Orleans.Concurrency;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Storage;

namespace Orchestrator.Grains.Jobs;

/// <summary>Answers job lists from the silo's query store; a stateless worker, so every silo serves them locally.</summary>
[StatelessWorker]
public sealed class JobQueryGrain(IJobQueryStore store) : Grain, IJobQueryGrain
{
    public Task<JobPage> List(JobQuery query) => store.ListAsync(query);

    public Task<Dictionary<JobStatus, long>> CountByStatus(string tenantId) => store.CountByStatusAsync(tenantId);

    public Task<IReadOnlyList<Interfaces.Queues.QueueStats>> TenantQueues(string tenantId) => store.TenantQueuesAsync(tenantId);
}
