using System.Net;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>A plan's concurrent-jobs limit holds across silos: two silo processes never run more of the tenant's attempts at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterConcurrencyLimitTests
{
    [Fact]
    public async Task TwoSilos_RunAtMostThePlansConcurrentJobs_OfATenant()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var monitoring = new[] { FreePort.Next(), FreePort.Next() };
        foreach (var port in monitoring) await topology.StartSiloAsync(settings: new Dictionary<string, string> { ["Orchestrator:Metrics:Port"] = port.ToString() });
        // Both silos must see each other before work arrives, or one (on a loaded machine) may place every job on itself.
        using var monitor = new HttpClient();
        foreach (var port in monitoring)
        {
            await Eventually.Until(() => monitor.GetStringAsync($"http://127.0.0.1:{port}/metrics"),
                t => t.Contains("orchestrator_silos_active 2", StringComparison.Ordinal), $"the silo with monitoring port {port} sees two active silos", TimeSpan.FromSeconds(60));
        }
        var (_, http) = await topology.StartApiAsync();
        var anonymous = new HttpClient { BaseAddress = http.BaseAddress };

        var admin = new HttpClient { BaseAddress = http.BaseAddress }.WithBearer(await Tenancy.AdminLoginAsync(anonymous));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/admin/plans/three-at-once", JsonBody("""{"maxConcurrentJobs":3}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(anonymous);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody("""{"plan":"three-at-once"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/features", JsonBody("""{"shellEnabled":true}"""))).StatusCode);
        var tenant = new HttpClient { BaseAddress = http.BaseAddress }.WithBearer((await Tenancy.LoginAsync(anonymous, registered.OwnerEmail)).Access);

        var jobs = Enumerable.Range(0, 16).Select(_ => JsonSerializer.Serialize(new { type = "shell", payload = new { command = "sleep", args = new[] { "0.4" } } }));
        var ids = new List<Guid>();
        foreach (var body in jobs)
        {
            var response = await tenant.PostAsync("/v1/jobs", JsonBody(body));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.ReadJob()).Id);
        }
        foreach (var id in ids)
        {
            await Eventually.Until(async () => await (await tenant.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == JobStatus.Succeeded,
                $"job {id} succeeds", TimeSpan.FromSeconds(60), j => $"{j.Status} {j.LastError}");
        }

        // The most attempts of the tenant that ran at one instant, from the attempt rows: at every start, how many
        // attempts had started and not yet ended.
        var rows = await db.RowsAsync($"SELECT started_at, ended_at, silo FROM job_attempts WHERE tenant_id = '{registered.Id}'");
        Assert.Equal(16, rows.Count);
        var intervals = rows.Select(r => (Start: (DateTime)r[0], End: (DateTime)r[1])).ToArray();
        var peak = intervals.Max(i => intervals.Count(o => o.Start <= i.Start && o.End > i.Start));
        Assert.InRange(peak, 2, 3); // ran in parallel, never above the plan's 3
        Assert.Equal(2, rows.Select(r => (string)r[2]).Distinct().Count()); // both silos took part

        // A queue's concurrency limit (PATCH /v1/queues/{name}) holds across both silos too, within the plan's.
        Assert.Equal(HttpStatusCode.OK, (await tenant.PatchAsync("/v1/queues/two-at-once", JsonBody("""{"concurrencyLimit":2}"""))).StatusCode);
        var queued = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var response = await tenant.PostAsync("/v1/jobs", JsonBody(JsonSerializer.Serialize(new { type = "shell", queue = "two-at-once", payload = new { command = "sleep", args = new[] { "0.4" } } })));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            queued.Add((await response.ReadJob()).Id);
        }
        foreach (var id in queued)
        {
            await Eventually.Until(async () => await (await tenant.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == JobStatus.Succeeded,
                $"queue job {id} succeeds", TimeSpan.FromSeconds(60), j => $"{j.Status} {j.LastError}");
        }
        var queueRows = await db.RowsAsync($"SELECT started_at, ended_at, silo FROM job_attempts WHERE job_id IN ({string.Join(",", queued.Select(id => $"'{id}'"))})");
        Assert.Equal(12, queueRows.Count);
        var queueIntervals = queueRows.Select(r => (Start: (DateTime)r[0], End: (DateTime)r[1])).ToArray();
        Assert.InRange(queueIntervals.Max(i => queueIntervals.Count(o => o.Start <= i.Start && o.End > i.Start)), 1, 2); // never above the queue's 2
        Assert.Equal(2, queueRows.Select(r => (string)r[2]).Distinct().Count()); // both silos took part
    }
}
