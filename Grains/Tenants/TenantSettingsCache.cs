using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>
/// A process-wide cache of <see cref="TenantSettings"/> so hot paths (every authenticated request, every due job)
/// do not call the tenant grain each time. Entries live <see cref="TenancyOptions.SettingsCacheTtl"/>;
/// <see cref="Invalidate"/> makes a change visible at once in this process.
/// </summary>
public sealed class TenantSettingsCache(IGrainFactory grains, IOptions<TenancyOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (TenantSettings Settings, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    /// <summary>The tenant's settings, from the cache while fresh.</summary>
    public async ValueTask<TenantSettings> GetAsync(string tenantId)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(tenantId, out var entry) && entry.Until > now) return entry.Settings;
        var settings = await grains.GetGrain<ITenantGrain>(tenantId).GetSettings();
        // Bounded by the number of tenants seen; an entry for an unknown id is kept too, so probing ids costs no grain calls.
        _entries[tenantId] = (settings, now + options.Value.SettingsCacheTtl);
        return settings;
    }

    /// <summary>Forgets the tenant, so the next read sees its latest settings.</summary>
    public void Invalidate(string tenantId) => _entries.TryRemove(tenantId, out _);
}
