using Orchestrator.Grains.Interfaces.Queues;
using Orchestrator.Grains.Tenants;
using Orchestrator.Grains.WakeUps;

namespace Orchestrator.Grains.Queues;

/// <summary>
/// A tenant's queue: durable settings, and in memory the permits that enforce them across silos — each silo holds a
/// share of the concurrency limit (given back when idle; a dead silo's share is taken back at the next request) and
/// takes start permits from one token bucket (rate per second, burst of one second's worth). External workers' leases
/// draw on the same limit and bucket, one slot per leased attempt, given back by the job when the attempt ends
/// (report, expiry, timeout or cancel). A grain that moves starts with no shares, which can over-grant only until the
/// silos' next give-back and the running external attempts end (the same trade as the plan's run slots).
/// </summary>
public sealed class QueueGrain(
    [PersistentState("queue", TenancyStorage.Name)] IPersistentState<QueueState> queue,
    SiloLiveness liveness,
    TimeProvider time) : Grain, IQueueGrain
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    /// <summary>Slots held by attempts leased to external workers (they belong to no silo, so no silo's death frees them).</summary>
    private int _externalSlots;
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
        if (s.ConcurrencyLimit is not null)
        {
            grantedSlots = Math.Clamp(slots, 0, FreeSlots());
            if (grantedSlots > 0) _slots[owner] = _slots.GetValueOrDefault(owner) + grantedSlots;
        }
        return Task.FromResult(new QueuePermit(s, grantedSlots, TakeStarts(starts)));
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

    public Task<QueuePermit> AcquireExternal(int wanted)
    {
        var s = Settings;
        if (s.Paused || wanted <= 0) return Task.FromResult(new QueuePermit(s, 0, 0));
        var granted = s.ConcurrencyLimit is null ? wanted : Math.Min(wanted, FreeSlots());
        // Starts only for attempts that also got a slot, so a limited queue does not spend its rate on nothing.
        granted = TakeStarts(granted);
        if (s.ConcurrencyLimit is not null) _externalSlots += granted;
        return Task.FromResult(new QueuePermit(s, granted, granted));
    }

    public Task ReleaseExternal(int slots, int starts)
    {
        _externalSlots = Math.Max(0, _externalSlots - slots);
        if (starts > 0 && Settings.RatePerSecond is { } rate && !double.IsNaN(_tokens)) _tokens = Math.Min(Math.Max(1, rate), _tokens + starts);
        return Task.CompletedTask;
    }

    /// <summary>How many more attempts may run at once under the concurrency limit, after taking back dead silos' shares.</summary>
    private int FreeSlots()
    {
        foreach (var gone in _slots.Keys.Where(liveness.IsGone).ToArray()) _slots.Remove(gone);
        return Math.Max(0, Settings.ConcurrencyLimit.GetValueOrDefault() - _slots.Values.Sum() - _externalSlots);
    }

    /// <summary>Takes up to <paramref name="starts"/> start permits from the rate's token bucket (all of them when there is no rate).</summary>
    private int TakeStarts(int starts)
    {
        if (Settings.RatePerSecond is not { } rate) return starts;
        var now = time.GetUtcNow();
        var burst = Math.Max(1, rate);
        _tokens = double.IsNaN(_tokens) ? burst : Math.Min(burst, _tokens + (now - _refilledAt).TotalSeconds * rate);
        _refilledAt = now;
        var granted = (int)Math.Min(starts, Math.Floor(_tokens));
        _tokens -= granted;
        return granted;
    }
}
