using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// A table copy of each tenant's subscription history (<c>subscriptions</c>, cluster mode) for reporting and billing
/// SQL. The subscription grain's state stays the source of truth; it writes the copy after each change.
/// </summary>
public interface ISubscriptionStore
{
    /// <summary>Upserts the tenant's whole history (a change rewrites the previous subscription's end).</summary>
    Task SaveAsync(string tenantId, IReadOnlyList<Subscription> history, CancellationToken cancellationToken = default);
}

/// <summary>Embedded mode: the grain state is the only copy.</summary>
public sealed class NoSubscriptionStore : ISubscriptionStore
{
    public Task SaveAsync(string tenantId, IReadOnlyList<Subscription> history, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
