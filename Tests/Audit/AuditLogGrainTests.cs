using Orchestrator.Grains.Interfaces.Audit;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Audit;

[Collection(ClusterCollection.Name)]
public sealed class AuditLogGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AuditLogGrain_AppendsAndPagesThroughTheCluster()
    {
        var tenant = $"audit-{Guid.NewGuid():N}"; // the cluster is shared: only this test writes this tenant
        var start = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, 5).Select(i => new AuditEntry
        {
            Id = Guid.CreateVersion7(start.AddMilliseconds(i)),
            At = start.AddMilliseconds(i),
            TenantId = tenant,
            ActorKind = "apikey",
            ActorId = "key-1",
            ActorName = "ok_live_ab12",
            Action = "POST /v1/jobs/{id}/retry",
            Target = $"job-{i}",
            Status = 200,
            Outcome = AuditOutcome.Succeeded,
            CorrelationId = $"corr-{i}",
        }).ToList();
        var grain = fixture.Grains.GetGrain<IAuditLogGrain>(0);

        await grain.Append(entries);
        await grain.Append(entries.Take(2).ToList()); // a retried batch adds nothing

        var first = await grain.List(new AuditQuery { TenantId = tenant, Limit = 3 });
        var second = await grain.List(new AuditQuery { TenantId = tenant, Limit = 3, After = first.NextCursor });
        Assert.Equal(Enumerable.Reverse(entries), first.Items.Concat(second.Items));
        Assert.Null(second.NextCursor);
    }
}
