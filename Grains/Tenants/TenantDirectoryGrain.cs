using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>All tenants' summaries for platform admins; paged oldest first by (created, id).</summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", TenancyStorage.Name)] IPersistentState<TenantDirectoryState> directory) : Grain, ITenantDirectoryGrain
{
    public async Task Upsert(TenantView tenant)
    {
        if (directory.State.Tenants.TryGetValue(tenant.Id, out var known) && known == tenant) return;
        directory.State.Tenants[tenant.Id] = tenant;
        await directory.WriteStateAsync();
    }

    public Task<TenantDirectoryPage> List(TenantStatus? status, int limit, string? cursor)
    {
        var after = DecodeCursor(cursor);
        var page = directory.State.Tenants.Values
            .Where(t => status is null || t.Status == status)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Where(t => after is not { } a || t.CreatedAt > a.At || (t.CreatedAt == a.At && string.CompareOrdinal(t.Id, a.Id) > 0))
            .Take(limit + 1)
            .ToList();
        var next = page.Count > limit ? EncodeCursor(page[limit - 1]) : null;
        return Task.FromResult(new TenantDirectoryPage(page.Take(limit).ToList(), next));
    }

    private static string EncodeCursor(TenantView last) => $"{last.CreatedAt.UtcTicks}:{last.Id}";

    private static (DateTimeOffset At, string Id)? DecodeCursor(string? cursor) =>
        cursor is null ? null
        : TenantDirectoryPage.TryParseCursor(cursor, out var at, out var id) ? (at, id)
        : throw new TenancyRuleException("The cursor is not one this API returned.");
}
