namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>A tenant's subscriptions, keyed by tenant id: the one in effect and the history billing pro-rates over.</summary>
[Alias("subscription")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    /// <summary>The subscription in effect now (the default plan from the tenant's creation when none was ever set).</summary>
    [Alias("current")]
    Task<Subscription> Current();

    /// <summary>Every subscription, oldest first, without gaps or overlaps.</summary>
    [Alias("history")]
    Task<IReadOnlyList<Subscription>> History();

    /// <summary>
    /// Moves the tenant to <paramref name="plan"/> from <paramref name="startsAt"/> (now when null). Throws
    /// <see cref="BillingValidationException"/> for an unknown plan or a start before the current subscription's
    /// start (overlap); changing to the current plan is a no-op.
    /// </summary>
    [Alias("change")]
    Task<Subscription> Change(string plan, DateTimeOffset? startsAt, string changedBy);
}
