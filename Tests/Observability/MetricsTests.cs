using System.Net;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>A gateway that also serves /metrics on a port of its own, as Prometheus scrapes it.</summary>
public sealed class MetricsPortApiFactory : ApiFactory
{
    public int MetricsPort { get; } = FreePort.Next();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Metrics:Port"] = MetricsPort.ToString(),
    };
}

/// <summary>What /metrics shows and who may see it.</summary>
public sealed class MetricsTests(MetricsPortApiFactory factory) : IClassFixture<MetricsPortApiFactory>
{
    [Fact]
    public async Task Metrics_ShowJobCountersOrleansAndHttp_ToThePlatformAdmin_OrOnTheMetricsPort()
    {
        var http = factory.CreateClient();
        var job = await (await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","queue":"metrics-q"}"""))).ReadJob();
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{job.Id}")).ReadJob(), j => j.Status == Grains.Interfaces.Jobs.JobStatus.Succeeded, $"job {job.Id} runs");

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateAnonymousClient().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/metrics")).StatusCode); // a tenant's key is not enough
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        var text = await Eventually.Until(async () => await admin.GetStringAsync("/metrics"),
            t => t.Contains("orchestrator_jobs_succeeded", StringComparison.Ordinal), "the succeeded counter is exported");
        foreach (var name in new[] { "orchestrator_jobs_created", "orchestrator_job_execution_seconds", "orchestrator_job_start_latency_seconds", "orchestrator_executor_slots", "http_requests_received_total" })
        {
            Assert.True(text.Contains(name, StringComparison.Ordinal), $"/metrics has {name}");
        }
        Assert.Contains("queue=\"metrics-q\"", text);
        Assert.Contains("orleans", text, StringComparison.OrdinalIgnoreCase);

        using var scraper = new HttpClient();
        var scraped = await scraper.GetStringAsync($"http://127.0.0.1:{factory.MetricsPort}/metrics");
        Assert.Contains("orchestrator_jobs_created", scraped);
    }
}
