using Orchestrator.Grains.Interfaces.Queues;
using Orchestrator.Grains.Tenants;
using Orchestrator.Grains.WakeUps;

namespace Orchestrator.Grains.Queues;

/// <summary>
/// A tenant's queue: durable settings, and in memory the permits that enforce them across silos — each silo holds a
/// share of the concurrency limit (given back when idle; a dead silo's share is taken back at the next request) and
/// takes start permits from one token bucket (rate per second, burst of one second's worth). A grain that moves starts
/// with no shares, which can over-grant only until the silos' next give-back (the same trade as the plan's run slots).
/// </summary>
public sealed class QueueGrain(
    [PersistentState("queue", TenancyStorage.Name)] IPersistentState<QueueState> queue,
    SiloLiveness liveness,
    TimeProvider time) : Grain, IQueueGrain
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private double _tokens = double.NaN;
    private DateTimeOffset _refilledAt;

    private QueueSettings Settings => queue.State.Settings;

    public Task<QueueSettings> Get() => Task.FromResult(Settings);

    public async Task<QueueSettings> Update(QueueSettings settings)
    {
        queue.State.Settings = settings with { UpdatedAt = time.GetUtcNow() };
        await queue.WriteStateAsync();
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        await GrainFactory.GetGrain<ITenantQueuesGrain>(key[..slash]).Add(key[(slash + 1)..]);
        _tokens = double.NaN; // a new rate starts with a full bucket
        return Settings;
    }

    public Task<QueuePermit> Acquire(string owner, int slots, int starts)
    {
        var s = Settings;
        if (s.Paused) return Task.FromResult(new QueuePermit(s, 0, 0));
        var grantedSlots = slots;
        if (s.ConcurrencyLimit is { } limit)
        {
            foreach (var gone in _slots.Keys.Where(liveness.IsGone).ToArray()) _slots.Remove(gone);
            grantedSlots = Math.Clamp(slots, 0, Math.Max(0, limit - _slots.Values.Sum()));
            if (grantedSlots > 0) _slots[owner] = _slots.GetValueOrDefault(owner) + grantedSlots;
        }
        var grantedStarts = starts;
        if (s.RatePerSecond is { } rate)
        {
            var now = time.GetUtcNow();
            var burst = Math.Max(1, rate);
            _tokens = double.IsNaN(_tokens) ? burst : Math.Min(burst, _tokens + (now - _refilledAt).TotalSeconds * rate);
            _refilledAt = now;
            grantedStarts = (int)Math.Min(starts, Math.Floor(_tokens));
            _tokens -= grantedStarts;
        }
        return Task.FromResult(new QueuePermit(s, grantedSlots, grantedStarts));
    }

    public Task Release(string owner, int slots)
    {
        if (_slots.TryGetValue(owner, out var held))
        {
            if (held <= slots) _slots.Remove(owner);
            else _slots[owner] = held - slots;
        }
        return Task.CompletedTask;
    }
}
