using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Storage;

namespace Orchestrator.Grains.Billing;

/// <summary>Embedded mode: usage counted from the in-memory job states (a scan of the tenant's jobs), snapshot in memory.</summary>
public sealed class InMemoryUsageStore(InMemoryJobStore jobs) : IUsageStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, DateOnly Day), UsageDay> _saved = [];

    public Task<UsageDay> CountDayAsync(string tenantId, DateOnly day, CancellationToken cancellationToken = default)
    {
        var (from, to) = (BillingCalendar.StartOf(day), BillingCalendar.StartOf(day.AddDays(1)));
        var usage = jobs.Aggregate(tenantId, new UsageDay { TenantId = tenantId, Day = day }, (u, job) =>
        {
            if (job.CreatedAt >= from && job.CreatedAt < to) u = u with { JobsAccepted = u.JobsAccepted + 1 };
            foreach (var a in job.Attempts)
            {
                if (a.StartedAt < from || a.StartedAt >= to) continue;
                u = u with
                {
                    Executions = u.Executions + 1,
                    Retries = u.Retries + (a.Number > 1 ? 1 : 0),
                    Failures = u.Failures + (a.Result is AttemptResult.Failed or AttemptResult.TimedOut ? 1 : 0),
                    DeadLetters = u.DeadLetters + (a.DeadLettered ? 1 : 0),
                    ExecutionMilliseconds = u.ExecutionMilliseconds + (a.EndedAt is { } end ? (long)(end - a.StartedAt).TotalMilliseconds : 0),
                };
            }
            return u;
        });
        return Task.FromResult(usage);
    }

    public Task<long> CountAcceptedAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.FromResult(jobs.Aggregate(tenantId, 0L, (n, job) => job.CreatedAt >= from && job.CreatedAt < to ? n + 1 : n));

    public Task<long> CountPendingAsync(string tenantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(jobs.Aggregate(tenantId, 0L, (n, job) => job.Status is JobStatus.Scheduled or JobStatus.Queued or JobStatus.Retrying ? n + 1 : n));

    public Task<IReadOnlyList<UsageActivity>> ActivitySinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;
        var found = jobs.AggregateAll(new Dictionary<string, UsageActivity>(StringComparer.Ordinal), (all, job) =>
        {
            var activity = all.GetValueOrDefault(job.TenantId) ?? new UsageActivity(job.TenantId, null, null);
            if (job.CreatedAt >= since) activity = activity with { ChangedFrom = Min(activity.ChangedFrom, job.CreatedAt) };
            foreach (var a in job.Attempts)
            {
                if (a.StartedAt >= since) activity = activity with { ChangedFrom = Min(activity.ChangedFrom, a.StartedAt) };
                if (job.Status == JobStatus.Running && a.EndedAt is null) activity = activity with { RunningFrom = Min(activity.RunningFrom, a.StartedAt) };
            }
            if (activity.ChangedFrom is not null || activity.RunningFrom is not null) all[job.TenantId] = activity;
            return all;
        });
        return Task.FromResult<IReadOnlyList<UsageActivity>>([.. found.Values]);
    }

    public Task SaveAsync(IReadOnlyList<UsageDay> days, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var day in days) _saved[(day.TenantId, day.Day)] = day;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UsageDay>> ReadSavedAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<UsageDay> days = _saved.Values.Where(d => d.TenantId == tenantId && d.Day >= from && d.Day <= to).OrderBy(d => d.Day).ToArray();
            return Task.FromResult(days);
        }
    }
}
