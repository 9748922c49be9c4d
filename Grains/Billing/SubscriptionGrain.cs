using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// A tenant's subscriptions. A tenant nobody subscribed is on <see cref="BillingOptions.DefaultPlan"/> from its
/// creation; each change closes the subscription in effect at the new one's start, so the history never overlaps
/// or leaves a gap. Limits follow a change at once (the tenant's quota grain is told); billing pro-rates by day.
/// </summary>
public sealed class SubscriptionGrain(
    [PersistentState("subscription", BillingStorage.Name)] IPersistentState<SubscriptionState> subscriptions,
    ISubscriptionStore copy,
    IOptions<BillingOptions> options,
    TimeProvider time) : Grain, ISubscriptionGrain
{
    /// <summary>How far ahead a change may be scheduled.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    private string TenantId => this.GetPrimaryKeyString();
    private List<Subscription> History_ => subscriptions.State.History;

    public async Task<Subscription> Current()
    {
        await EnsureStartedAsync();
        var now = time.GetUtcNow();
        return History_.Last(s => s.StartsAt <= now);
    }

    public async Task<IReadOnlyList<Subscription>> History()
    {
        await EnsureStartedAsync();
        return History_.ToArray();
    }

    public async Task<Subscription> Change(string plan, DateTimeOffset? startsAt, string changedBy)
    {
        await EnsureStartedAsync();
        if (await GrainFactory.GetGrain<IPlanCatalogGrain>(0).Get(plan) is null)
        {
            throw new BillingValidationException("plan", $"There is no plan '{plan}'.");
        }
        var now = time.GetUtcNow();
        var start = startsAt ?? now;
        var last = History_[^1];
        if (start < last.StartsAt)
        {
            throw new BillingValidationException("startsAt",
                $"Overlaps the subscription to '{last.Plan}' that starts at {last.StartsAt:O}: a change must start at or after it.");
        }
        if (start > now + MaxLeadTime) throw new BillingValidationException("startsAt", $"Must be within {MaxLeadTime.TotalDays:0} days from now.");
        if (last.Plan == plan) return last; // already on it (or about to be): nothing changes

        var next = new Subscription { TenantId = TenantId, Plan = plan, StartsAt = start, ChangedBy = changedBy };
        if (start == last.StartsAt) History_[^1] = next; // replaces a change that has not started yet, or started this instant
        else
        {
            History_[^1] = last with { EndsAt = start };
            History_.Add(next);
        }
        await subscriptions.WriteStateAsync();
        await copy.SaveAsync(TenantId, History_);
        await GrainFactory.GetGrain<IQuotaGrain>(TenantId).PlanChanged(next);
        return next;
    }

    /// <summary>Opens the history with the default plan from the tenant's creation, the first time it is read.</summary>
    private async Task EnsureStartedAsync()
    {
        if (History_.Count > 0) return;
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(TenantId).Get()
            ?? throw new TenancyNotFoundException($"No tenant {TenantId}.");
        History_.Add(new Subscription { TenantId = TenantId, Plan = options.Value.DefaultPlan, StartsAt = tenant.CreatedAt });
        await subscriptions.WriteStateAsync();
        await copy.SaveAsync(TenantId, History_);
    }
}
