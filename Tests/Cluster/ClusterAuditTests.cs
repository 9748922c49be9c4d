using System.Net;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>The audit log in the production shape: a gateway process writing through a silo process to PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterAuditTests
{
    [Fact]
    public async Task ClusterGateway_StoppedGracefully_FlushesItsAuditRecordsToPostgres()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        await topology.StartSiloAsync();
        // Records gather for a minute before they are sent, so only the shutdown flush can have written them.
        var (api, http) = await topology.StartApiAsync(new Dictionary<string, string> { ["Orchestrator:Audit:FlushInterval"] = "00:01:00" });

        var created = await (await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","delay":"PT1H"}"""))).ReadJob();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/jobs/{created.Id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/v1/jobs/{created.Id}/cancel", null)).StatusCode);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM audit_log"));

        Assert.True(await api.TerminateAsync(TimeSpan.FromSeconds(30)), "the gateway stops on SIGTERM");
        var rows = await db.RowsAsync("SELECT action, target, status, outcome, actor_kind, tenant_id, correlation_id FROM audit_log ORDER BY at, id");
        Assert.Equal(
            [("POST /v1/jobs", null, 201, "succeeded"), ("POST /v1/jobs/{id}/cancel", created.Id.ToString(), 200, "succeeded"), ("POST /v1/jobs/{id}/cancel", created.Id.ToString(), 409, "failed")],
            rows.Select(r => ((string)r[0], r[1] as string, (int)r[2], (string)r[3])));
        Assert.All(rows, r => Assert.Equal(("apikey", "default"), ((string)r[4], (string)r[5]))); // the default tenant's key
        Assert.Equal(created.CorrelationId, rows[0][6]);
    }
}
