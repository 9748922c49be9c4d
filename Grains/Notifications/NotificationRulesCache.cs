using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Grains.Notifications;

/// <summary>
/// A process-wide cache of each tenant's notification rules, so a job that ends costs a dictionary lookup (and a
/// tenant without rules nothing more), not a grain call. Entries live <see cref="NotificationOptions.RulesCacheTtl"/>;
/// <see cref="Invalidate"/> makes a change visible at once in this process.
/// </summary>
public sealed class NotificationRulesCache(IGrainFactory grains, IOptions<NotificationOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (IReadOnlyList<NotificationRule> Rules, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    /// <summary>The tenant's rules, from the cache while fresh.</summary>
    public async ValueTask<IReadOnlyList<NotificationRule>> GetAsync(string tenantId)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(tenantId, out var entry) && entry.Until > now) return entry.Rules;
        var rules = await grains.GetGrain<INotificationRulesGrain>(tenantId).List();
        // Bounded by the number of tenants with jobs on this silo; an empty entry is what makes rule-less tenants free.
        _entries[tenantId] = (rules, now + options.Value.RulesCacheTtl);
        return rules;
    }

    /// <summary>Forgets the tenant, so the next read sees its latest rules.</summary>
    public void Invalidate(string tenantId) => _entries.TryRemove(tenantId, out _);
}
