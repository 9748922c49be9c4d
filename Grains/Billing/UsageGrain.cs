using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// One tenant-day of usage: counted from the job rows when the cached count is older than
/// <see cref="BillingOptions.UsageRefresh"/>, and written to the snapshot when it changed — one upsert per refresh
/// at most, whatever the job rate. A day that ended more than <see cref="ClosedAfter"/> ago is read from the
/// snapshot when there (its attempts may since have been purged with their jobs).
/// </summary>
public sealed class UsageGrain(IUsageStore store, IOptions<BillingOptions> options, TimeProvider time) : Grain, IUsageGrain
{
    /// <summary>After this, no attempt can still start on the day (the longest timeout is 24 h): its count is final.</summary>
    public static readonly TimeSpan ClosedAfter = TimeSpan.FromDays(2);

    private UsageDay? _usage;
    private DateTimeOffset _countedAt;

    public async Task<UsageDay> Get()
    {
        var (tenantId, day) = UsageKeys.Parse(this.GetPrimaryKeyString());
        var now = time.GetUtcNow();
        if (_usage is not null && (now - _countedAt < options.Value.UsageRefresh || _countedAt - BillingCalendar.StartOf(day) > ClosedAfter))
        {
            return _usage;
        }
        var closed = now - BillingCalendar.StartOf(day) > ClosedAfter;
        if (closed && _usage is null && (await store.ReadSavedAsync(tenantId, day, day)) is [var saved])
        {
            (_usage, _countedAt) = (saved, now);
            return saved;
        }
        var counted = await store.CountDayAsync(tenantId, day);
        if (counted != _usage) await store.SaveAsync([counted]);
        (_usage, _countedAt) = (counted, now);
        return counted;
    }
}
