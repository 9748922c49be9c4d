using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// The plan's concurrency limit across silos: each silo holds a share of run slots for the tenant, asked for when it
/// has work it cannot start and given back when idle. The shares are in memory; a silo that dies loses its share
/// (taken back on the next request, as the membership says it is gone), and a quota grain that moves starts empty,
/// which can over-grant only until the silos' next give-back.
/// </summary>
public sealed partial class QuotaGrain
{
    private readonly Dictionary<string, int> _runSlots = new(StringComparer.Ordinal);

    public async Task<RunSlots> AcquireRunSlots(string owner, int wanted)
    {
        var now = time.GetUtcNow();
        if (!await PrepareAsync(now) || _plan!.MaxConcurrentJobs is not { } limit) return new RunSlots(wanted, null);
        foreach (var gone in _runSlots.Keys.Where(liveness.IsGone).ToArray()) _runSlots.Remove(gone);
        var free = limit - _runSlots.Values.Sum();
        var granted = Math.Clamp(wanted, 0, Math.Max(0, free));
        if (granted > 0) _runSlots[owner] = _runSlots.GetValueOrDefault(owner) + granted;
        return new RunSlots(granted, limit);
    }

    public Task ReleaseRunSlots(string owner, int count)
    {
        if (_runSlots.TryGetValue(owner, out var held))
        {
            if (held <= count) _runSlots.Remove(owner);
            else _runSlots[owner] = held - count;
        }
        return Task.CompletedTask;
    }
}
