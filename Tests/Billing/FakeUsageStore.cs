using System.Collections.Concurrent;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// Usage a test sets per tenant-day (executions, retries, failures), served as both the recount and the snapshot; the
/// activity the usage flush is told about, and the batches it upserts.
/// </summary>
public sealed class FakeUsageStore : IUsageStore
{
    private readonly ConcurrentDictionary<(string Tenant, DateOnly Day), UsageDay> _days = new();

    /// <summary>What <see cref="ActivitySinceAsync"/> answers, whatever it is asked.</summary>
    public IReadOnlyList<UsageActivity> Activity { get; set; } = [];

    /// <summary>The times <see cref="ActivitySinceAsync"/> was asked about, in order.</summary>
    public ConcurrentQueue<DateTimeOffset> ActivityAskedSince { get; } = new();

    /// <summary>Every batch given to <see cref="SaveAsync"/>, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<UsageDay>> Saved { get; } = new();

    public void Set(string tenantId, DateOnly day, long executions, long retries, long failures = 0) =>
        _days[(tenantId, day)] = new UsageDay
        {
            TenantId = tenantId, Day = day, JobsAccepted = executions - retries, Executions = executions, Retries = retries, Failures = failures,
        };

    public Task<UsageDay> CountDayAsync(string tenantId, DateOnly day, CancellationToken cancellationToken = default) =>
        Task.FromResult(_days.GetValueOrDefault((tenantId, day)) ?? new UsageDay { TenantId = tenantId, Day = day });

    public Task<long> CountAcceptedAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<long> CountPendingAsync(string tenantId, CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<IReadOnlyList<UsageActivity>> ActivitySinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ActivityAskedSince.Enqueue(since);
        return Task.FromResult(Activity);
    }

    public Task SaveAsync(IReadOnlyList<UsageDay> days, CancellationToken cancellationToken = default)
    {
        Saved.Enqueue([.. days]);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UsageDay>> ReadSavedAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UsageDay>>(_days.Values.Where(d => d.TenantId == tenantId && d.Day >= from && d.Day <= to).OrderBy(d => d.Day).ToArray());
}
