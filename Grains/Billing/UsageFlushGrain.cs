using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// Keeps the <c>usage_daily</c> snapshot current without anyone reading usage. A reminder every
/// <see cref="BillingOptions.UsageFlushPeriod"/> (durable: after its silo dies it ticks on another) asks the store
/// which tenants had a job created or an attempt started since the last tick (less <see cref="Lookback"/>, for rows
/// committed a little after their timestamps and for clock skew between silos), recounts those tenant-days from the
/// job rows, and upserts the days whose figures changed in one batch. A day with attempts still running is recounted
/// at the next tick as well: their ends change it. So metering costs no write per job — at most one upsert per
/// active tenant-day per tick, and one small state write — and a count is never lost, because it is the job rows' count.
/// </summary>
public sealed partial class UsageFlushGrain(
    [PersistentState("usage-flush", BillingStorage.Name)] IPersistentState<UsageFlushState> flush,
    IUsageStore store,
    IOptions<BillingOptions> options,
    IOptions<Orleans.Hosting.ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<UsageFlushGrain> logger) : Grain, IUsageFlushGrain, IRemindable
{
    private const string ReminderName = "flush-usage";
    /// <summary>Recounts at a time, so a tick with many active tenants does not take the whole connection pool.</summary>
    private const int CountsInFlight = 8;

    /// <summary>How far before the last tick the next one looks: a row written up to this late after its timestamp is still seen.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    /// <summary>What this activation last upserted per tenant-day, so an unchanged day is not written again.</summary>
    private readonly Dictionary<(string TenantId, DateOnly Day), UsageDay> _saved = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        var period = options.Value.UsageFlushPeriod < minimum ? minimum : options.Value.UsageFlushPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    public Task Start() => Task.CompletedTask; // activation did it

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await FlushAsync();
        }
        catch (Exception e)
        {
            LogFlushFailed(e); // nothing is lost: the next tick looks back from the last one that succeeded
        }
    }

    private async Task FlushAsync()
    {
        var now = time.GetUtcNow();
        var today = BillingCalendar.DayOf(now);
        // A first tick catches up on the days that are not final yet; older ones are recounted when read.
        var since = (flush.State.FlushedAt ?? now - UsageGrain.ClosedAfter) - Lookback;
        var activity = await store.ActivitySinceAsync(since);

        var days = new HashSet<(string TenantId, DateOnly Day)>();
        void Through(string tenantId, DateOnly from)
        {
            for (var day = from; day <= today; day = day.AddDays(1)) days.Add((tenantId, day));
        }
        foreach (var (tenantId, from) in flush.State.Running) Through(tenantId, from);
        foreach (var a in activity)
        {
            if (a.ChangedFrom is { } changed) Through(a.TenantId, BillingCalendar.DayOf(changed));
        }

        var counted = new List<UsageDay>(days.Count);
        foreach (var chunk in days.Chunk(CountsInFlight))
        {
            counted.AddRange(await Task.WhenAll(chunk.Select(d => store.CountDayAsync(d.TenantId, d.Day))));
        }
        var changedDays = counted.Where(u => _saved.TryGetValue((u.TenantId, u.Day), out var saved) ? saved != u : !IsEmpty(u)).ToList();
        if (changedDays.Count > 0) await store.SaveAsync(changedDays);
        foreach (var u in changedDays) _saved[(u.TenantId, u.Day)] = u;
        var oldest = today.AddDays(-(int)UsageGrain.ClosedAfter.TotalDays);
        foreach (var key in _saved.Keys.Where(k => k.Day < oldest).ToList()) _saved.Remove(key);

        flush.State.FlushedAt = now;
        flush.State.Running = activity.Where(a => a.RunningFrom is not null)
            .ToDictionary(a => a.TenantId, a => BillingCalendar.DayOf(a.RunningFrom!.Value), StringComparer.Ordinal);
        await flush.WriteStateAsync();
        LogFlushed(days.Count, changedDays.Count);
    }

    private static bool IsEmpty(UsageDay u) => u.JobsAccepted == 0 && u.Executions == 0;

    [LoggerMessage(EventId = 3610, Level = LogLevel.Debug, Message = "Usage flush: {Counted} tenant-days recounted, {Saved} upserted")]
    private partial void LogFlushed(int counted, int saved);

    [LoggerMessage(EventId = 3611, Level = LogLevel.Warning, Message = "Usage flush failed; the next tick looks back from the last one that succeeded")]
    private partial void LogFlushFailed(Exception exception);
}
