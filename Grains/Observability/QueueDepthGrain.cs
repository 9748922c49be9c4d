using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Storage;

namespace Orchestrator.Grains.Observability;

/// <summary>Caches the query store's queue depths for <see cref="MetricsOptions.QueueDepthRefresh"/>.</summary>
public sealed class QueueDepthGrain(IJobQueryStore store, IOptions<MetricsOptions> options, TimeProvider time) : Grain, IQueueDepthGrain
{
    private IReadOnlyList<QueueDepth> _depths = [];
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    public async Task<IReadOnlyList<QueueDepth>> Get()
    {
        if (time.GetUtcNow() - _countedAt >= options.Value.QueueDepthRefresh)
        {
            _depths = await store.QueueDepthsAsync();
            _countedAt = time.GetUtcNow();
        }
        return _depths;
    }
}
