using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Grains.Interfaces.Audit;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Audit;

/// <summary>The audit log wired into the real gateway in embedded mode: middleware, writer, grain and in-memory store.</summary>
public sealed class AuditApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task EmbeddedGateway_RecordsJobCommands_WithTheStatusTheCallerGot()
    {
        var http = factory.CreateClient();
        var created = await (await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","delay":"PT1H"}"""))).ReadJob();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/jobs/{created.Id}/cancel", null)).StatusCode);
        var again = await http.PostAsync($"/v1/jobs/{created.Id}/cancel", null); // cancelled already: the domain error becomes a 409
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await http.GetAsync($"/v1/jobs/{created.Id}");

        var log = factory.Services.GetRequiredService<IClusterClient>().GetGrain<IAuditLogGrain>(0);
        var mine = await Eventually.Until(
            async () => (await log.List(new AuditQuery { Limit = AuditQuery.MaxLimit })).Items.Where(e => e.CorrelationId == created.CorrelationId || e.Target == created.Id.ToString()).ToList(),
            entries => entries.Count >= 3, $"three audit entries for job {created.Id}", describe: entries => string.Join(", ", entries.Select(e => $"{e.Action} {e.Status}")));

        Assert.Equal(
            [("POST /v1/jobs/{id}/cancel", 409, AuditOutcome.Failed), ("POST /v1/jobs/{id}/cancel", 200, AuditOutcome.Succeeded), ("POST /v1/jobs", 201, AuditOutcome.Succeeded)],
            mine.Select(e => (e.Action, e.Status, e.Outcome)));
        Assert.All(mine, e => Assert.Equal(AuditEntry.AnonymousActor, e.ActorKind)); // no authentication yet
        Assert.Equal(created.CorrelationId, mine[^1].CorrelationId);
    }
}
