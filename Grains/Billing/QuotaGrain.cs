using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// A tenant's job quotas. Counts of jobs accepted today and this month live in memory: recounted from the job rows
/// on activation and at each period's start, then advanced by every lease. Per period (UTC day, UTC month) with a
/// limit L: below 80 % is Ok; from 80 % a warning; at L (100 %) the plan's grace begins (up to <see cref="Plan.GracePercent"/>
/// over L, and for the month up to <see cref="Plan.GraceDays"/> after reaching L); past the grace, Blocked
/// until the period ends or the plan changes. Leases shrink near each threshold (to one submission at the last),
/// so every crossing is seen and a block is exact.
/// </summary>
public sealed partial class QuotaGrain(
    [PersistentState("quota", BillingStorage.Name)] IPersistentState<QuotaState> quota,
    IUsageStore usage,
    WakeUps.SiloLiveness liveness,
    Microsoft.Extensions.Options.IOptions<BillingOptions> options,
    TimeProvider time,
    ILogger<QuotaGrain> logger) : Grain, IQuotaGrain
{
    private const int MaxEvents = 50;
    private static readonly TimeSpan PendingRecount = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PendingRetry = TimeSpan.FromSeconds(5);

    private string TenantId => this.GetPrimaryKeyString();
    /// <summary>How long the plan in effect is trusted before asking the subscription again (a scheduled change may have started).</summary>
    private static readonly TimeSpan PlanRecheck = TimeSpan.FromMinutes(1);

    private Plan? _plan;
    private DateTimeOffset _planValidUntil;
    private bool _tenantUnknown;
    private DateOnly _day;
    private long _today;
    private DateOnly _month;
    private long _thisMonth;
    private long _pending;
    private DateTimeOffset _pendingCountedAt = DateTimeOffset.MinValue;

    public async Task<QuotaLease> Lease(int wanted, int unused)
    {
        var now = time.GetUtcNow();
        if (!await PrepareAsync(now)) return new QuotaLease { Granted = wanted, Unlimited = true };
        var plan = _plan!;
        _today = Math.Max(0, _today - unused);
        _thisMonth = Math.Max(0, _thisMonth - unused);
        if (plan.IncludedJobsPerDay is null && plan.IncludedJobsPerMonth is null && plan.MaxPendingJobs is null)
        {
            return new QuotaLease { Granted = wanted, Unlimited = true, MaxPayloadBytes = plan.MaxPayloadBytes };
        }

        var (level, blockedUntil, reason) = Evaluate(plan, now);
        if (level == QuotaLevel.Blocked)
        {
            await RaiseAsync(now, QuotaLevel.Blocked, reason!);
            return new QuotaLease { Level = level, Refusal = reason, RetryAt = blockedUntil, MaxPayloadBytes = plan.MaxPayloadBytes };
        }
        var room = long.MaxValue;
        if (plan.MaxPendingJobs is { } maxPending)
        {
            if (now - _pendingCountedAt > PendingRecount) (_pending, _pendingCountedAt) = (await usage.CountPendingAsync(TenantId), now);
            room = maxPending - _pending;
            if (room <= 0)
            {
                // Once per silo asking (each remembers the refusal until its lease expires), not once per submission.
                LogPendingBoundReached(TenantId, _pending, maxPending, plan.Name);
                return new QuotaLease
                {
                    Level = level, Refusal = $"{_pending} jobs are waiting; plan '{plan.Name}' allows {maxPending} at once.",
                    RetryAt = now + PendingRetry, MaxPayloadBytes = plan.MaxPayloadBytes, PendingBoundReached = true,
                };
            }
        }

        var granted = (int)Math.Min(Math.Min(wanted, room), Math.Min(Step(plan.IncludedJobsPerDay, _today, plan), Step(plan.IncludedJobsPerMonth, _thisMonth, plan)));
        _today += granted;
        _thisMonth += granted;
        _pending += granted;
        if (plan.IncludedJobsPerMonth is { } monthly && _thisMonth >= monthly && quota.State.MonthlyOverSince is null)
        {
            quota.State.MonthlyOverSince = now;
            await quota.WriteStateAsync();
        }
        var (after, _, _) = Evaluate(plan, now);
        // The counts as of the lease's first admission: a lease never spans a threshold, so its level is that of
        // every admission in it, and a large one (past a limit with only grace days left) does not overstate the use.
        var warning = Warning(plan, _today - granted + 1, _thisMonth - granted + 1);
        if (after is QuotaLevel.Warning or QuotaLevel.Grace) await RaiseAsync(now, after, warning!);
        return new QuotaLease { Granted = granted, Level = after, Warning = warning, MaxPayloadBytes = plan.MaxPayloadBytes };
    }

    public async Task<QuotaStatus> Status()
    {
        var now = time.GetUtcNow();
        if (!await PrepareAsync(now)) return new QuotaStatus { Plan = "(no tenant)", Level = QuotaLevel.Ok };
        var (level, blockedUntil, _) = Evaluate(_plan!, now);
        return new QuotaStatus
        {
            Plan = _plan!.Name,
            Level = level,
            AcceptedToday = _today,
            DailyLimit = _plan.IncludedJobsPerDay,
            AcceptedThisMonth = _thisMonth,
            MonthlyLimit = _plan.IncludedJobsPerMonth,
            BlockedUntil = level == QuotaLevel.Blocked ? blockedUntil : null,
            Events = quota.State.Events.ToArray(),
        };
    }

    public async Task<Plan?> CurrentPlan() => await PrepareAsync(time.GetUtcNow()) ? _plan : null;

    public async Task PlanChanged(Subscription subscription)
    {
        var now = time.GetUtcNow();
        _tenantUnknown = false;
        if (subscription.StartsAt > now)
        {
            _planValidUntil = subscription.StartsAt; // the current plan holds until then
            return;
        }
        _plan = WithPendingBound(await GrainFactory.GetGrain<IPlanCatalogGrain>(0).Get(subscription.Plan));
        _planValidUntil = now + PlanRecheck;
        if (!await PrepareAsync(now)) return;
        if (_plan!.IncludedJobsPerMonth is not { } monthly || _thisMonth <= monthly)
        {
            quota.State.MonthlyOverSince = null; // the new plan's grace starts afresh if it is ever exceeded
            await quota.WriteStateAsync();
        }
    }

    /// <summary>The plan with the system's pending-jobs bound (<see cref="BillingOptions.MaxPendingJobs"/>) where it sets none.</summary>
    private Plan? WithPendingBound(Plan? plan) =>
        plan is { MaxPendingJobs: null } && options.Value.MaxPendingJobs is { } bound ? plan with { MaxPendingJobs = bound } : plan;

    /// <summary>Loads the plan and (re)counts a period that began; false when the tenant does not exist (nothing to enforce).</summary>
    private async Task<bool> PrepareAsync(DateTimeOffset now)
    {
        if (_tenantUnknown) return false;
        if (_plan is null || now >= _planValidUntil)
        {
            Subscription current;
            try
            {
                current = await GrainFactory.GetGrain<ISubscriptionGrain>(TenantId).Current();
            }
            catch (TenancyNotFoundException)
            {
                _tenantUnknown = true;
                return false;
            }
            _plan = WithPendingBound(await GrainFactory.GetGrain<IPlanCatalogGrain>(0).Get(current.Plan)
                ?? throw new InvalidOperationException($"Tenant {TenantId} is subscribed to plan '{current.Plan}', which the catalog does not have."));
            _planValidUntil = now + PlanRecheck;
        }
        var day = BillingCalendar.DayOf(now);
        if (day != _day)
        {
            _today = await usage.CountAcceptedAsync(TenantId, BillingCalendar.StartOf(day), BillingCalendar.StartOf(day.AddDays(1)));
            _day = day;
        }
        var month = BillingCalendar.MonthOf(day);
        if (month != _month)
        {
            _thisMonth = await usage.CountAcceptedAsync(TenantId, BillingCalendar.StartOf(month), BillingCalendar.StartOf(month.AddMonths(1)));
            if (_month != default && quota.State.MonthlyOverSince is not null)
            {
                quota.State.MonthlyOverSince = null; // a new month: its grace starts afresh
                await quota.WriteStateAsync();
            }
            _month = month;
        }
        return true;
    }

    private (QuotaLevel Level, DateTimeOffset? BlockedUntil, string? Reason) Evaluate(Plan plan, DateTimeOffset now)
    {
        var daily = PeriodLevel(plan.IncludedJobsPerDay, _today, plan, graceSince: null, now);
        var monthly = PeriodLevel(plan.IncludedJobsPerMonth, _thisMonth, plan, quota.State.MonthlyOverSince, now);
        if (monthly == QuotaLevel.Blocked)
        {
            return (QuotaLevel.Blocked, BillingCalendar.StartOf(_month.AddMonths(1)),
                $"Plan '{plan.Name}': {_thisMonth} jobs this month, over the monthly quota of {plan.IncludedJobsPerMonth} and past its grace; accepted again from {BillingCalendar.StartOf(_month.AddMonths(1)):O} or on a plan change.");
        }
        if (daily == QuotaLevel.Blocked)
        {
            return (QuotaLevel.Blocked, BillingCalendar.StartOf(_day.AddDays(1)),
                $"Plan '{plan.Name}': {_today} jobs today, over the daily quota of {plan.IncludedJobsPerDay} and past its grace; accepted again from {BillingCalendar.StartOf(_day.AddDays(1)):O} or on a plan change.");
        }
        return ((QuotaLevel)Math.Max((int)daily, (int)monthly), null, null);
    }

    /// <summary>The level of one period; a limit of null is no limit.</summary>
    private static QuotaLevel PeriodLevel(long? limit, long used, Plan plan, DateTimeOffset? graceSince, DateTimeOffset now)
    {
        if (limit is not { } l) return QuotaLevel.Ok;
        if (used >= GraceBound(l, plan)) return QuotaLevel.Blocked;
        if (graceSince is { } since && plan.GraceDays > 0 && now >= since.AddDays(plan.GraceDays)) return QuotaLevel.Blocked;
        if (used >= l) return QuotaLevel.Grace; // at 100 %: the limit is reached, the grace begins
        return used >= WarningAt(l) ? QuotaLevel.Warning : QuotaLevel.Ok;
    }

    /// <summary>How many jobs may be accepted in a period with limit <paramref name="limit"/>: L plus the grace percentage (or unbounded when only grace days apply).</summary>
    private static long GraceBound(long limit, Plan plan) =>
        plan.GracePercent > 0 ? limit + limit * plan.GracePercent / 100
        : plan.GraceDays > 0 ? long.MaxValue
        : limit;

    private static long WarningAt(long limit) => (limit * 4 + 4) / 5; // ⌈0.8 L⌉

    /// <summary>The most a lease may grant in a period: an eighth of the way to the next threshold, at least one.</summary>
    private static long Step(long? limit, long used, Plan plan)
    {
        if (limit is not { } l) return long.MaxValue;
        var next = new[] { WarningAt(l), l, GraceBound(l, plan) }.Where(t => t > used).DefaultIfEmpty(used + 1).Min();
        return Math.Max(1, (next - used) / 8);
    }

    private static string? Warning(Plan plan, long today, long thisMonth)
    {
        string? Of(string period, long? limit, long used)
        {
            if (limit is not { } l || used < WarningAt(l)) return null;
            return used <= l
                ? $"{used} of {l} jobs of the {period} quota used ({used * 100 / Math.Max(1, l)}%)."
                : $"Over the {period} quota: {used} of {l} jobs; plan '{plan.Name}' accepts up to {(GraceBound(l, plan) == long.MaxValue ? "its grace days" : GraceBound(l, plan))} before blocking.";
        }
        var texts = new[] { Of("daily", plan.IncludedJobsPerDay, today), Of("monthly", plan.IncludedJobsPerMonth, thisMonth) }.OfType<string>().ToArray();
        return texts.Length == 0 ? null : string.Join(" ", texts);
    }

    /// <summary>Records a threshold crossing once per period and level.</summary>
    private async Task RaiseAsync(DateTimeOffset now, QuotaLevel level, string message)
    {
        var mark = $"{BillingCalendar.MonthKey(_month)}/{_day:dd}:{level}";
        if (!quota.State.Raised.Add(mark)) return;
        quota.State.Events.Add(new QuotaEvent(now, level, message));
        if (quota.State.Events.Count > MaxEvents) quota.State.Events.RemoveRange(0, quota.State.Events.Count - MaxEvents);
        quota.State.Raised.RemoveWhere(m => !m.StartsWith(BillingCalendar.MonthKey(_month), StringComparison.Ordinal));
        await quota.WriteStateAsync();
        Observability.OrchestratorMetrics.QuotaEvents.WithLabels(level.ToString()).Inc();
        LogQuotaEvent(TenantId, level, message);
    }

    [LoggerMessage(EventId = 3601, Level = LogLevel.Warning, Message = "Tenant {TenantId} quota {Level}: {Message}")]
    private partial void LogQuotaEvent(string tenantId, QuotaLevel level, string message);

    [LoggerMessage(EventId = 3610, Level = LogLevel.Warning, Message = "Tenant {TenantId} refused new jobs: {Pending} are waiting and plan {Plan} allows {MaxPending} (backpressure, 429 with Retry-After)")]
    private partial void LogPendingBoundReached(string tenantId, long pending, long maxPending, string plan);
}
