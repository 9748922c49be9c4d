using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Execution;

/// <summary>
/// A plan's concurrency limit across silos (<see cref="Plan.MaxConcurrentJobs"/>): this silo runs a limited tenant's
/// attempts only within the run slots the tenant's <see cref="IQuotaGrain"/> granted it, asks for more when work
/// waits, and gives them back when the tenant has nothing left here. A tenant whose plan sets no limit is asked about
/// once, then every <see cref="SlotsRecheck"/> in the background, and never waits for it.
/// </summary>
public sealed partial class JobExecutor
{
    private static readonly TimeSpan SlotsRecheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SlotsRetry = TimeSpan.FromMilliseconds(500);
    private readonly Dictionary<string, TenantSlots> _slots = new(StringComparer.Ordinal);

    /// <summary>Whether one more attempt of the tenant may start here now; asks the tenant's quota grain when not known (under the lock).</summary>
    private bool MayRunLocked(string tenant)
    {
        if (!_slots.TryGetValue(tenant, out var slots)) _slots[tenant] = slots = new TenantSlots();
        if (slots.Known && slots.Limit is null)
        {
            if (time.GetUtcNow() >= slots.KnownUntil) AskLocked(tenant, slots, 1); // still unlimited until told otherwise
            return true;
        }
        if (slots.Known && _runningPerTenant.GetValueOrDefault(tenant) < slots.Held) return true;
        AskLocked(tenant, slots, Math.Max(1, WaitingLocked(tenant) - (slots.Held - _runningPerTenant.GetValueOrDefault(tenant))));
        return false;
    }

    private int WaitingLocked(string tenant) => _lanes.Where(l => l.Key.Tenant == tenant).Sum(l => l.Value.Count);

    private void AskLocked(string tenant, TenantSlots slots, int wanted)
    {
        if (slots.Asking || _stopping) return;
        slots.Asking = true;
        _ = Task.Run(async () =>
        {
            RunSlots? answer = null;
            try
            {
                answer = await grains.GetGrain<IQuotaGrain>(tenant).AcquireRunSlots(SiloName, wanted);
            }
            catch (Exception e)
            {
                LogRunSlotsFailed(tenant, e); // fail open for a while: a quota outage must not stop the work
            }
            lock (_gate)
            {
                slots.Known = true;
                slots.Limit = answer is null ? null : answer.Limit;
                slots.KnownUntil = time.GetUtcNow() + (answer is null ? SlotsRetry * 10 : SlotsRecheck);
                if (answer is { Unlimited: false }) slots.Held += answer.Granted;
                if (answer is { Unlimited: false, Granted: 0 })
                {
                    // At the limit cluster-wide: look again shortly (other silos give slots back when idle).
                    _ = Task.Delay(SlotsRetry, time).ContinueWith(_ => { lock (_gate) { slots.Asking = false; PumpLocked(); } }, TaskScheduler.Default);
                    return;
                }
                slots.Asking = false;
                PumpLocked();
            }
        });
    }

    /// <summary>Gives back the run slots a limited tenant holds beyond its running attempts when nothing of it waits here.</summary>
    private void ReleaseIdleRunSlotsLocked(string tenant)
    {
        if (!_slots.TryGetValue(tenant, out var slots) || slots.Limit is null) return;
        var surplus = slots.Held - _runningPerTenant.GetValueOrDefault(tenant);
        if (surplus <= 0 || WaitingLocked(tenant) > 0) return;
        slots.Held -= surplus;
        _ = Task.Run(async () =>
        {
            try
            {
                await grains.GetGrain<IQuotaGrain>(tenant).ReleaseRunSlots(SiloName, surplus);
            }
            catch (Exception e)
            {
                LogRunSlotsFailed(tenant, e); // the quota grain takes a gone silo's slots back; a live one's stay until it moves
            }
        });
    }

    private sealed class TenantSlots
    {
        public bool Known;
        public int? Limit;
        public DateTimeOffset KnownUntil;
        public int Held;
        public bool Asking;
    }

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not ask tenant {TenantId}'s quota grain for run slots; running without its limit for now")]
    private partial void LogRunSlotsFailed(string tenantId, Exception exception);
}
