using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Queues;

namespace Orchestrator.Grains.Execution;

/// <summary>
/// Queue settings set live (<see cref="IQueueGrain"/>): a paused queue starts nothing here, a concurrency limit is
/// honoured with run slots leased from the queue's grain (as the plan's limit is from the quota grain), and a rate
/// limit with start permits taken from its token bucket. Each (queue, tenant) lane asks its queue grain once, then
/// again when its answer is older than <see cref="QueueRecheck"/> (so a pause reaches every silo within it): a busy
/// lane waits for one grain call per recheck period.
/// </summary>
public sealed partial class JobExecutor
{
    /// <summary>How often a silo re-reads a queue's settings: the delay of a pause, resume or limit change.</summary>
    public static readonly TimeSpan QueueRecheck = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(string Queue, string Tenant), QueueGate> _queueGates = [];
    private readonly Dictionary<(string Queue, string Tenant), int> _runningPerLane = [];

    /// <summary>Whether one more attempt of the lane may start here now, by its queue's settings (under the lock).</summary>
    private bool MayRunQueueLocked(string queue, string tenant)
    {
        if (!_queueGates.TryGetValue((queue, tenant), out var gate)) _queueGates[(queue, tenant)] = gate = new QueueGate();
        if (!gate.Known || time.GetUtcNow() >= gate.KnownUntil)
        {
            // Unknown or stale: wait for the answer, so a pause or a new limit holds from at most one recheck after it.
            AskQueueLocked(queue, tenant, gate);
            return false;
        }
        var s = gate.Settings;
        if (!s.Restricts) return true;
        if (s.Paused) return false;
        var running = _runningPerLane.GetValueOrDefault((queue, tenant));
        if ((s.ConcurrencyLimit is not null && running >= gate.Slots) || (s.RatePerSecond is not null && gate.Starts <= 0))
        {
            AskQueueLocked(queue, tenant, gate);
            return false;
        }
        return true;
    }

    private void AskQueueLocked(string queue, string tenant, QueueGate gate)
    {
        if (gate.Asking || _stopping) return;
        gate.Asking = true;
        var waiting = _lanes.TryGetValue((queue, tenant), out var lane) ? lane.Count : 0;
        var running = _runningPerLane.GetValueOrDefault((queue, tenant));
        var slots = Math.Clamp(waiting + running - gate.Slots, 1, 1000);
        var starts = Math.Clamp(waiting - gate.Starts, 1, 1000);
        _ = Task.Run(async () =>
        {
            QueuePermit? permit = null;
            try
            {
                permit = await grains.GetGrain<IQueueGrain>(Interfaces.Workers.WorkQueueKeys.Of(tenant, queue)).Acquire(SiloName, slots, starts);
            }
            catch (Exception e)
            {
                LogQueuePermitFailed(tenant, queue, e); // fail open: a queue grain outage must not stop the work
            }
            lock (_gate)
            {
                var s = permit?.Settings ?? gate.Settings;
                gate.Known = true;
                gate.Settings = s;
                gate.KnownUntil = time.GetUtcNow() + QueueRecheck;
                gate.Slots = s.ConcurrencyLimit is null ? 0 : gate.Slots + (permit?.Slots ?? 0);
                gate.Starts = s.RatePerSecond is null ? 0 : gate.Starts + (permit?.Starts ?? 0);
                var starved = s.Restricts && permit is not null
                    && (s.Paused || (s.ConcurrencyLimit is not null && permit.Slots == 0) || (s.RatePerSecond is not null && permit.Starts == 0));
                if (starved)
                {
                    // Paused, at the limit or out of permits cluster-wide: look again shortly (a resume is seen within a recheck).
                    var retry = s.Paused ? QueueRecheck : SlotsRetry;
                    _ = Task.Delay(retry, time).ContinueWith(_ => { lock (_gate) { gate.Asking = false; gate.KnownUntil = default; PumpLocked(); } }, TaskScheduler.Default);
                    return;
                }
                gate.Asking = false;
                PumpLocked();
            }
        });
    }

    /// <summary>Counts an attempt taking a slot against its lane's permits.</summary>
    private void OnLaneStartedLocked(JobWorkItem item)
    {
        _runningPerLane[(item.Queue, item.TenantId)] = _runningPerLane.GetValueOrDefault((item.Queue, item.TenantId)) + 1;
        if (_queueGates.TryGetValue((item.Queue, item.TenantId), out var gate) && gate.Settings.RatePerSecond is not null) gate.Starts--;
    }

    /// <summary>Frees the lane's slot, and gives back run slots held beyond its running attempts when nothing of it waits here.</summary>
    private void OnLaneEndedLocked(JobWorkItem item)
    {
        var key = (item.Queue, item.TenantId);
        var running = _runningPerLane.GetValueOrDefault(key) - 1;
        if (running <= 0) _runningPerLane.Remove(key);
        else _runningPerLane[key] = running;
        if (!_queueGates.TryGetValue(key, out var gate) || gate.Settings.ConcurrencyLimit is null || _lanes.ContainsKey(key)) return;
        var surplus = gate.Slots - Math.Max(0, running);
        if (surplus <= 0) return;
        gate.Slots -= surplus;
        _ = Task.Run(async () =>
        {
            try
            {
                await grains.GetGrain<IQueueGrain>(Interfaces.Workers.WorkQueueKeys.Of(item.TenantId, item.Queue)).Release(SiloName, surplus);
            }
            catch (Exception e)
            {
                LogQueuePermitFailed(item.TenantId, item.Queue, e);
            }
        });
    }

    private sealed class QueueGate
    {
        public bool Known;
        public QueueSettings Settings = QueueSettings.None;
        public DateTimeOffset KnownUntil;
        public int Slots;
        public int Starts;
        public bool Asking;
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Could not ask the grain of queue {Queue} (tenant {TenantId}) for permits; running without its settings for now")]
    private partial void LogQueuePermitFailed(string tenantId, string queue, Exception exception);
}
