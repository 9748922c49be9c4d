using System.Net;
using System.Net.Http.Json;
using Orchestrator.Client.Api.Apis;
using Orchestrator.Grains.Interfaces.Schedules;
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
        ["Orchestrator:Metrics:QueueDepthRefresh"] = "00:00:00.2",
        ["Orchestrator:Metrics:TenantLabels:0"] = TestAuth.DefaultTenant,
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

    [Fact]
    public async Task AKnownMixOfJobs_ShowsExactlyThoseCounts_ALatenessHistogram_AndTheQueueDepth()
    {
        var http = factory.CreateClient();
        var queue = $"mix-{Guid.NewGuid():N}"[..20];
        const string fastRetry = "\"maxAttempts\":3,\"backoff\":{\"initial\":0.05,\"max\":0.05,\"multiplier\":1,\"jitter\":\"none\"}";
        var bodies = new List<string>();
        for (var i = 0; i < 3; i++) bodies.Add($$$"""{"type":"noop","queue":"{{{queue}}}"}""");                                                  // succeed
        for (var i = 0; i < 2; i++) bodies.Add($$$"""{"type":"test-fail","queue":"{{{queue}}}","payload":{"retryable":false}}""");                // dead-lettered at once
        for (var i = 0; i < 2; i++) bodies.Add($$$"""{"type":"test-flaky","queue":"{{{queue}}}","payload":{"failTimes":1},{{{fastRetry}}}}""");  // one retry, then succeed
        bodies.Add($$$"""{"type":"noop","queue":"{{{queue}}}","delay":0.3}""");                                                                  // delayed: one lateness sample
        var ids = new List<Guid>();
        foreach (var body in bodies) ids.Add((await (await http.PostAsync("/v1/jobs", JsonBody(body))).ReadJob()).Id);
        foreach (var id in ids)
        {
            await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{id}")).ReadJob(),
                j => j.Status is Grains.Interfaces.Jobs.JobStatus.Succeeded or Grains.Interfaces.Jobs.JobStatus.DeadLettered, $"job {id} ends");
        }

        using var scraper = new HttpClient();
        var text = await Eventually.Until(async () => await scraper.GetStringAsync($"http://127.0.0.1:{factory.MetricsPort}/metrics"),
            t => Sum(t, "orchestrator_queue_depth", queue, "DeadLettered") == 2, "the queue depth gauge counts the dead-lettered jobs");
        Assert.Equal(8, Sum(text, "orchestrator_jobs_created_total", queue));
        Assert.Equal(6, Sum(text, "orchestrator_jobs_succeeded_total", queue));
        Assert.Equal(4, Sum(text, "orchestrator_jobs_failed_total", queue));       // 2 final + 2 retried attempts
        Assert.Equal(2, Sum(text, "orchestrator_jobs_retried_total", queue));
        Assert.Equal(2, Sum(text, "orchestrator_jobs_dead_lettered_total", queue));
        Assert.Equal(0, Sum(text, "orchestrator_jobs_cancelled_total", queue));
        Assert.Equal(8, Sum(text, "orchestrator_job_execution_seconds_count", queue) - 2); // 10 attempts in all
        // Lateness is measured for attempts that waited for a time: the delayed job's and the two retries' (after their backoff).
        Assert.Equal(3, Sum(text, "orchestrator_job_schedule_lateness_seconds_count", queue));
        Assert.Equal(7, Sum(text, "orchestrator_job_start_latency_seconds_count", queue)); // first starts of the jobs due at once
        Assert.Equal(0, Sum(text, "orchestrator_queue_depth", queue, "Queued"));
        // The default tenant is opted in to the tenant label (Orchestrator:Metrics:TenantLabels).
        Assert.Contains($"orchestrator_jobs_created_total{{queue=\"{queue}\",type=\"noop\",tenant=\"{TestAuth.DefaultTenant}\"}} 4", text);
        Assert.True(Sum(text, "orchestrator_silos_active", queue: null) >= 1, "the embedded silo counts as active");
        Assert.Contains("orleans_", text, StringComparison.Ordinal); // Orleans' own meters, on the same endpoint
    }

    [Fact]
    public async Task ScheduleLateness_CountsEveryCronFire_WhenItsJobStarts_ButNotAManualTrigger()
    {
        var http = factory.CreateClient();
        var queue = $"cron-{Guid.NewGuid():N}"[..20];
        var created = await http.PostAsync("/v1/schedules", JsonBody($$$"""{"cron":"@every 1s","job":{"type":"noop","queue":"{{{queue}}}"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = (await created.ReadElement()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/schedules/{schedule}/trigger", null)).StatusCode);
        await Eventually.Until(() => RunsAsync(http, schedule), r => r.Count(x => x.Kind == ScheduleRunKind.Scheduled) >= 2, $"schedule {schedule} fires twice",
            describe: r => string.Join(", ", r.Select(x => $"{x.Kind} {x.JobId}")));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/schedules/{schedule}/pause", null)).StatusCode);
        // Paused: the runs recorded now are all there will be (fires and the pause are turns of the same grain).
        var runs = await RunsAsync(http, schedule);
        foreach (var run in runs)
        {
            Assert.NotNull(run.JobId);
            await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{run.JobId}")).ReadJob(),
                j => j.Status == Grains.Interfaces.Jobs.JobStatus.Succeeded, $"the job {run.JobId} of the {run.Kind} fire succeeds", describe: j => $"{j.Status}");
        }

        using var scraper = new HttpClient();
        var text = await scraper.GetStringAsync($"http://127.0.0.1:{factory.MetricsPort}/metrics");
        Assert.Equal(runs.Count, Sum(text, "orchestrator_jobs_created_total", queue));
        Assert.Equal(runs.Count(r => r.Kind != ScheduleRunKind.Manual), Sum(text, "orchestrator_job_schedule_lateness_seconds_count", queue));
    }

    [Fact]
    public async Task ScheduleLateness_OfADelayedExternalJob_IsObservedWhenAWorkerStartsIt_NotWhenItBecomesDue()
    {
        var http = factory.CreateClient();
        var queue = $"late-{Guid.NewGuid():N}"[..20];
        var job = await (await http.PostAsync("/v1/jobs", JsonBody($$$"""{"type":"lateness-ext","queue":"{{{queue}}}","delay":0.2}"""))).ReadJob();
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{job.Id}")).ReadJob(),
            j => j.Status == Grains.Interfaces.Jobs.JobStatus.Queued, $"job {job.Id} is due and waits for a worker", describe: j => $"{j.Status}");
        using var scraper = new HttpClient();
        var metrics = $"http://127.0.0.1:{factory.MetricsPort}/metrics";
        Assert.Equal(0, Sum(await scraper.GetStringAsync(metrics), "orchestrator_job_schedule_lateness_seconds_count", queue));

        var registered = await http.PostAsync("/v1/workers", JsonBody($$$"""{"name":"lateness","queues":["{{{queue}}}"],"concurrency":1}"""));
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var worker = (await registered.ReadElement()).GetProperty("id").GetString();
        var leased = await (await http.PostAsync($"/v1/workers/{worker}/lease", JsonBody($$$"""{"queues":["{{{queue}}}"],"max":1,"wait":"PT5S"}"""))).ReadElement();
        var lease = Assert.Single(leased.GetProperty("jobs").EnumerateArray().ToList());
        Assert.Equal(job.Id, lease.GetProperty("id").GetGuid());
        Assert.Equal(1, Sum(await scraper.GetStringAsync(metrics), "orchestrator_job_schedule_lateness_seconds_count", queue));

        var completed = await http.PostAsync($"/v1/jobs/{job.Id}/complete", JsonBody($$$"""{"leaseToken":"{{{lease.GetProperty("leaseToken").GetString()}}}","result":{}}"""));
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }

    private static async Task<List<ScheduleRunResponse>> RunsAsync(HttpClient http, Guid schedule) =>
        [.. (await http.GetFromJsonAsync<ItemsResponse<ScheduleRunResponse>>($"/v1/schedules/{schedule}/runs", ApiFactory.Json))!.Items];

    [Fact]
    public async Task TheMonitoringPort_AnswersHealthzAndReadyz()
    {
        var gateway = factory.CreateAnonymousClient(); // starts the host; anonymous on the public port too
        using var http = new HttpClient();
        var health = await http.GetAsync($"http://127.0.0.1:{factory.MetricsPort}/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var ready = await http.GetAsync($"http://127.0.0.1:{factory.MetricsPort}/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ready.ReadElement();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/healthz")).StatusCode);
        var gatewayReady = await (await gateway.GetAsync("/readyz")).ReadElement();
        Assert.Equal("Healthy", gatewayReady.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{factory.MetricsPort}/nothing")).StatusCode);
    }

    /// <summary>The sum of a metric's samples whose <c>queue</c> label is <paramref name="queue"/> (any when null), optionally of one <c>state</c>.</summary>
    private static double Sum(string exposition, string metric, string? queue, string? state = null) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => queue is null || l.Contains($"queue=\"{queue}\"", StringComparison.Ordinal))
            .Where(l => state is null || l.Contains($"state=\"{state}\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
