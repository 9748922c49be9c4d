using Orchestrator.Grains.Audit;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Tests.Audit;

public sealed class InMemoryAuditStoreTests
{
    [Fact]
    public Task InMemoryStore_KeepsTheAuditStoreContract() => AuditStoreContract.RunAsync(new InMemoryAuditStore());

    [Fact]
    public async Task InMemoryStore_WhenFull_KeepsOnlyTheNewestEntries()
    {
        var store = new InMemoryAuditStore(capacity: 5);
        var start = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, 8).Select(i => new AuditEntry
        {
            Id = Guid.CreateVersion7(start.AddSeconds(i)),
            At = start.AddSeconds(i),
            TenantId = i % 2 == 0 ? "even" : "odd",
            ActorKind = "user",
            Action = "DELETE /v1/schedules/{id}",
            Status = 204,
            Outcome = AuditOutcome.Succeeded,
        }).ToList();
        await store.AppendAsync(entries.Take(4).ToList());
        await store.AppendAsync(entries.Skip(4).ToList());

        var kept = (await store.ListAsync(new AuditQuery { Limit = 100 })).Items;
        Assert.Equal(entries.Skip(3).Reverse(), kept);
        Assert.Equal([entries[6], entries[4]], (await store.ListAsync(new AuditQuery { TenantId = "even" })).Items);
        Assert.Equal([entries[7], entries[5], entries[3]], (await store.ListAsync(new AuditQuery { TenantId = "odd" })).Items);

        // An evicted entry appended again is the oldest once more, and goes at once.
        await store.AppendAsync([entries[0]]);
        Assert.Equal(entries.Skip(3).Reverse(), (await store.ListAsync(new AuditQuery { Limit = 100 })).Items);
    }
}
