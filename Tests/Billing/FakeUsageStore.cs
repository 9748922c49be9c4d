using System.Collections.Concurrent;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Tests.Billing;

/// <summary>Usage a test sets per tenant-day (executions and retries), served as both the recount and the snapshot.</summary>
public sealed class FakeUsageStore : IUsageStore
{
    private readonly ConcurrentDictionary<(string Tenant, DateOnly Day), UsageDay> _days = new();

    public void Set(string tenantId, DateOnly day, long executions, long retries) =>
        _days[(tenantId, day)] = new UsageDay
        {
            TenantId = tenantId, Day = day, JobsAccepted = executions - retries, Executions = executions, Retries = retries,
        };

    public Task<UsageDay> CountDayAsync(string tenantId, DateOnly day, CancellationToken cancellationToken = default) =>
        Task.FromResult(_days.GetValueOrDefault((tenantId, day)) ?? new UsageDay { TenantId = tenantId, Day = day });

    public Task<long> CountAcceptedAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<long> CountPendingAsync(string tenantId, CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task SaveAsync(IReadOnlyList<UsageDay> days, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<UsageDay>> ReadSavedAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UsageDay>>(_days.Values.Where(d => d.TenantId == tenantId && d.Day >= from && d.Day <= to).OrderBy(d => d.Day).ToArray());
}
