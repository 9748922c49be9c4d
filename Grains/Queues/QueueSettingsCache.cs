using System.Collections.Concurrent;
using Orchestrator.Grains.Interfaces.Queues;
using Orchestrator.Grains.Interfaces.Workers;

namespace Orchestrator.Grains.Queues;

/// <summary>
/// A process-wide cache of queue settings for the submit path (the queue's default attempts, backoff and timeout):
/// one grain call per (tenant, queue) per <see cref="Ttl"/>, not one per job.
/// </summary>
public sealed class QueueSettingsCache(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(string Tenant, string Queue), (QueueSettings Settings, DateTimeOffset Until)> _entries = new();

    public async ValueTask<QueueSettings> GetAsync(string tenantId, string queue)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue((tenantId, queue), out var entry) && entry.Until > now) return entry.Settings;
        var settings = await grains.GetGrain<IQueueGrain>(WorkQueueKeys.Of(tenantId, queue)).Get();
        _entries[(tenantId, queue)] = (settings, now + Ttl);
        if (_entries.Count > 100_000) _entries.Clear(); // bounded: a cache, not a registry
        return settings;
    }

    /// <summary>Forgets a queue's entry (after a change made through this process).</summary>
    public void Invalidate(string tenantId, string queue) => _entries.TryRemove((tenantId, queue), out _);
}
