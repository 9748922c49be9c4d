using Orchestrator.Grains.Audit;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Tests.Audit;

/// <summary>
/// What every audit store must do, run against the in-memory store and against PostgreSQL (each fresh): append
/// batches (a repeated batch adds nothing), list newest first by (at, id), filter by tenant (null = every tenant and
/// the platform-level entries) and by time (from inclusive, to exclusive), and page by keyset cursor with no entry
/// seen twice or skipped.
/// </summary>
public static class AuditStoreContract
{
    public static async Task RunAsync(IAuditStore store)
    {
        // Whole seconds: PostgreSQL keeps microseconds, so the entries come back equal.
        var now = DateTimeOffset.UtcNow;
        var baseline = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var acme = new[] { 0, 1, 2, 3, 3, 3, 4, 5, 6 }.Select(s => Entry("acme", baseline.AddSeconds(s))).ToList(); // three share a time: the id decides
        var globex = new[] { 0, 3, 7 }.Select(s => Entry("globex", baseline.AddSeconds(s))).ToList();
        var platform = new[] { 2, 8 }.Select(s => Entry(null, baseline.AddSeconds(s), kind: "admin")).ToList();
        var all = acme.Concat(globex).Concat(platform).ToList();

        // Two batches in no particular order, then the first again (a retry after a lost reply).
        var shuffled = all.OrderBy(e => e.Id.GetHashCode()).ToList();
        var (first, second) = (shuffled.Take(6).ToList(), shuffled.Skip(6).ToList());
        await store.AppendAsync(first);
        await store.AppendAsync(second);
        await store.AppendAsync(first);
        await store.AppendAsync([]);

        // One tenant, newest first, every field back as written.
        var page = await store.ListAsync(new AuditQuery { TenantId = "acme", Limit = AuditQuery.MaxLimit });
        Assert.Equal(NewestFirst(acme), page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal(NewestFirst(globex), (await store.ListAsync(new AuditQuery { TenantId = "globex" })).Items);
        Assert.Empty((await store.ListAsync(new AuditQuery { TenantId = "initech" })).Items);

        // No tenant: every tenant's entries and the platform-level ones.
        Assert.Equal(NewestFirst(all), (await store.ListAsync(new AuditQuery { TenantId = null, Limit = AuditQuery.MaxLimit })).Items);

        // From inclusive, to exclusive.
        var window = await store.ListAsync(new AuditQuery { TenantId = "acme", From = baseline.AddSeconds(2), To = baseline.AddSeconds(5) });
        Assert.Equal(NewestFirst(acme.Where(e => e.At >= baseline.AddSeconds(2) && e.At < baseline.AddSeconds(5))), window.Items);
        Assert.Equal(5, window.Items.Count);

        // Keyset paging, through the ties at second 3, for one tenant and for all with a time window.
        Assert.Equal(NewestFirst(acme), await AllPagesAsync(store, new AuditQuery { TenantId = "acme", Limit = 2 }));
        var windowed = new AuditQuery { From = baseline.AddSeconds(1), To = baseline.AddSeconds(8), Limit = 3 };
        Assert.Equal(NewestFirst(all.Where(e => e.At >= windowed.From && e.At < windowed.To)), await AllPagesAsync(store, windowed));

        // A limit outside 1..500 is clamped.
        Assert.Single((await store.ListAsync(new AuditQuery { TenantId = "acme", Limit = 0 })).Items);
    }

    /// <summary>Follows the cursors to the end; fails if a page repeats an entry or the last page still has a cursor.</summary>
    private static async Task<List<AuditEntry>> AllPagesAsync(IAuditStore store, AuditQuery query)
    {
        var seen = new List<AuditEntry>();
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100, "Paging does not end.");
            var page = await store.ListAsync(query);
            Assert.True(page.Items.Count <= query.Limit);
            Assert.DoesNotContain(page.Items, e => seen.Any(s => s.Id == e.Id));
            seen.AddRange(page.Items);
            if (page.NextCursor is null) return seen;
            Assert.Equal(new AuditCursor(page.Items[^1].At, page.Items[^1].Id), page.NextCursor);
            query = query with { After = page.NextCursor };
        }
    }

    private static List<AuditEntry> NewestFirst(IEnumerable<AuditEntry> entries) =>
        entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToList();

    private static AuditEntry Entry(string? tenant, DateTimeOffset at, string kind = "user") => new()
    {
        Id = Guid.CreateVersion7(at),
        At = at,
        TenantId = tenant,
        ActorKind = kind,
        ActorId = kind == "admin" ? "admin-1" : $"user-{Guid.NewGuid():N}",
        ActorName = kind == "admin" ? null : "ann@example.com",
        Action = "POST /v1/jobs/{id}/cancel",
        Target = tenant is null ? null : Guid.NewGuid().ToString(),
        Status = 200,
        Outcome = AuditOutcome.Succeeded,
        CorrelationId = tenant is null ? null : $"corr-{Guid.NewGuid():N}",
    };
}
