using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.WakeUps;

/// <summary>One sweeper per wake shard (keys 0 .. <see cref="WakeShards.Count"/> − 1), kept active by <see cref="WakeShardKeeper"/>.</summary>
[Alias("wake-shard")]
public interface IWakeShardGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the shard if it is not; its sweeps then run on their own timer.</summary>
    [Alias("ensure-running")]
    Task EnsureRunning();
}

/// <summary>
/// Sweeps one shard of the durable wake-up index: every <see cref="WakeUpOptions.SweepPeriod"/> it wakes the jobs due
/// within <see cref="WakeUpOptions.Lookahead"/> (a job woken early sets its own timer, so it starts on time), and on
/// every membership change and every <see cref="WakeUpOptions.OrphanCheckPeriod"/> the jobs whose owning silo is gone.
/// It holds nothing durable: a shard that moves to another silo starts from the index again, and waking a job twice
/// is harmless because the job grain decides. What it remembers is only which wake-ups it already delivered, so a
/// job that is waiting for its own timer is not called every second.
/// </summary>
public sealed partial class WakeShardGrain(
    IJobWakeIndex index,
    SiloLiveness liveness,
    IOptions<WakeUpOptions> options,
    TimeProvider time,
    ILogger<WakeShardGrain> logger) : Grain, IWakeShardGrain
{
    private const int PageSize = 1_000;
    private const int WakesInFlight = 128;
    private readonly WakeUpOptions _options = options.Value;
    private readonly Dictionary<string, (DateTimeOffset WakeAt, DateTimeOffset Again)> _woken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _orphansWoken = new(StringComparer.Ordinal);
    private MembershipVersion _orphansCheckedAt = MembershipVersion.MinValue;
    private DateTimeOffset _nextOrphanCheck;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(
            static (self, _) => self.SweepAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = _options.SweepPeriod, Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task EnsureRunning() => Task.CompletedTask;

    private async Task SweepAsync()
    {
        try
        {
            await WakeDueAsync();
            await WakeOrphansAsync();
        }
        catch (Exception e)
        {
            // The index is unreachable (database outage): nothing is lost, the next sweep reads it again.
            LogSweepFailed(Shard, e);
        }
    }

    private async Task WakeDueAsync()
    {
        var now = time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var toWake = new List<string>();
        WakeEntry? after = null;
        var complete = false;
        while (toWake.Count < _options.MaxWakesPerSweep)
        {
            var page = await index.DueAsync(Shard, now + _options.Lookahead, after, PageSize);
            foreach (var entry in page)
            {
                seen.Add(entry.JobKey);
                if (_woken.TryGetValue(entry.JobKey, out var woken) && woken.WakeAt == entry.WakeAt && now < woken.Again) continue;
                toWake.Add(entry.JobKey);
                _woken[entry.JobKey] = (entry.WakeAt, Max(entry.WakeAt, now) + _options.RewakeAfter);
            }
            if (page.Count < PageSize)
            {
                complete = true;
                break;
            }
            after = page[^1];
        }
        // Forget wake-ups that left the window (the job acted on them); only a complete read knows which did.
        if (complete && _woken.Count > seen.Count) foreach (var key in _woken.Keys.Where(k => !seen.Contains(k)).ToList()) _woken.Remove(key);
        await WakeAllAsync(toWake);
    }

    private async Task WakeOrphansAsync()
    {
        var now = time.GetUtcNow();
        var version = liveness.Version;
        if (version == _orphansCheckedAt && now < _nextOrphanCheck) return;
        var orphans = await index.OrphansAsync(Shard, liveness.LiveOwners(), PageSize);
        _orphansCheckedAt = version;
        // A full page may hide more: look again next sweep instead of waiting for the period.
        _nextOrphanCheck = orphans.Count < PageSize ? now + _options.OrphanCheckPeriod : now;
        var toWake = orphans.Where(k => !_orphansWoken.TryGetValue(k, out var again) || now >= again).ToList();
        foreach (var key in toWake) _orphansWoken[key] = now + _options.RewakeAfter;
        var current = orphans.ToHashSet(StringComparer.Ordinal);
        foreach (var key in _orphansWoken.Keys.Where(k => !current.Contains(k)).ToList()) _orphansWoken.Remove(key);
        if (toWake.Count > 0) LogWakingOrphans(Shard, toWake.Count);
        await WakeAllAsync(toWake);
    }

    /// <summary>Wakes jobs with a bounded number of calls in flight; a failed call is retried by a later sweep.</summary>
    private async Task WakeAllAsync(List<string> keys)
    {
        foreach (var chunk in keys.Chunk(WakesInFlight))
        {
            var batch = chunk.Select(async key =>
            {
                try
                {
                    await GrainFactory.GetGrain<IJobGrain>(key).Wake();
                }
                catch (Exception e)
                {
                    _woken.Remove(key);
                    LogWakeFailed(key, e);
                }
            });
            await Task.WhenAll(batch);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Wake shard {Shard}: sweep failed; the next sweep retries")]
    private partial void LogSweepFailed(int shard, Exception error);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Wake shard {Shard}: waking {Count} job(s) whose silo is gone")]
    private partial void LogWakingOrphans(int shard, int count);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Waking job {JobKey} failed; a later sweep retries")]
    private partial void LogWakeFailed(string jobKey, Exception error);
}
