using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Queues;

/// <summary><c>/v1/queues</c>: depth, pause and resume, live limits and defaults.</summary>
public sealed class QueuesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static string Queue() => $"q-{Guid.NewGuid():N}"[..14];

    private async Task<Guid> SubmitAsync(string json)
    {
        var response = await _http.PostAsync("/v1/jobs", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJob()).Id;
    }

    private async Task<JsonElement> JobAsync(Guid id) => await (await _http.GetAsync($"/v1/jobs/{id}")).ReadElement();

    private async Task<JsonElement> QueueAsync(string name) => await (await _http.GetAsync($"/v1/queues/{name}")).ReadElement();

    [Fact]
    public async Task APausedQueue_AcceptsJobsButStartsNone_ARunningOneFinishes_AndResumeRunsThem()
    {
        var queue = Queue();
        var gate = $"pause-{Guid.NewGuid():N}";
        var running = await SubmitAsync($$$"""{"type":"{{{TestHandlers.BlockHandler.Name}}}","queue":"{{{queue}}}","payload":{"gate":"{{{gate}}}"}}""");
        await Eventually.Until(() => JobAsync(running), j => j.GetProperty("status").GetString() == "Running", "the first job runs");

        var paused = await _http.PostAsync($"/v1/queues/{queue}/pause", JsonBody("{}"));
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True((await paused.ReadElement()).GetProperty("settings").GetProperty("paused").GetBoolean());
        await Task.Delay(Orchestrator.Grains.Execution.JobExecutor.QueueRecheck * 2); // the pause reaches the executor within its recheck
        var waiting = new List<Guid>();
        for (var i = 0; i < 3; i++) waiting.Add(await SubmitAsync($$"""{"type":"noop","queue":"{{queue}}"}"""));
        TestHandlers.Release(gate);
        await Eventually.Until(() => JobAsync(running), j => j.GetProperty("status").GetString() == "Succeeded", "the running job finishes while paused");

        // Still Queued a good while later: nothing of a paused queue starts.
        await Eventually.Until(() => QueueAsync(queue), q => q.GetProperty("waiting").GetInt64() == 3, "three jobs wait in the paused queue");
        var view = await QueueAsync(queue);
        Assert.Equal(0, view.GetProperty("running").GetInt64());
        Assert.True(view.GetProperty("oldestWaitingSeconds").GetDouble() >= 0);
        foreach (var id in waiting) Assert.Equal("Queued", (await JobAsync(id)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/v1/queues/{queue}/resume", JsonBody("{}"))).StatusCode);
        foreach (var id in waiting)
        {
            await Eventually.Until(() => JobAsync(id), j => j.GetProperty("status").GetString() == "Succeeded", $"job {id} runs after the resume");
        }
    }

    [Fact]
    public async Task QueueDefaults_ApplyToNewJobsThatSetNone_AndAreListed()
    {
        var queue = Queue();
        var patched = await _http.PatchAsync($"/v1/queues/{queue}", JsonBody("""{"maxAttempts":2,"timeout":"PT9S","backoff":{"initial":"PT0.1S","max":"PT1S"}}"""));
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        await Task.Delay(Orchestrator.Grains.Queues.QueueSettingsCache.Ttl); // other silos' caches; this one was filled after the change anyway
        var defaulted = await JobAsync(await SubmitAsync($$"""{"type":"noop","queue":"{{queue}}","delay":"PT1H"}"""));
        Assert.Equal(2, defaulted.GetProperty("maxAttempts").GetInt32());
        Assert.Equal("PT9S", defaulted.GetProperty("timeout").GetString());
        var own = await JobAsync(await SubmitAsync($$"""{"type":"noop","queue":"{{queue}}","delay":"PT1H","maxAttempts":7}"""));
        Assert.Equal(7, own.GetProperty("maxAttempts").GetInt32());

        var listed = (await (await _http.GetAsync("/v1/queues")).ReadElement()).GetProperty("items").EnumerateArray().Single(q => q.GetProperty("name").GetString() == queue);
        Assert.Equal(2, listed.GetProperty("counts").GetProperty("Scheduled").GetInt64());
        Assert.Equal(2, listed.GetProperty("settings").GetProperty("defaultMaxAttempts").GetInt32());

        // null clears a setting; absent fields keep theirs.
        var cleared = await (await _http.PatchAsync($"/v1/queues/{queue}", JsonBody("""{"maxAttempts":null}"""))).ReadElement();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("settings").GetProperty("defaultMaxAttempts").ValueKind);
        Assert.Equal("PT9S", cleared.GetProperty("settings").GetProperty("defaultTimeout").GetString());
    }

    [Fact]
    public async Task ARateLimitedQueue_NeverStartsMoreThanItsRateAllows()
    {
        var queue = Queue();
        Assert.Equal(HttpStatusCode.OK, (await _http.PatchAsync($"/v1/queues/{queue}", JsonBody("""{"rateLimit":2}"""))).StatusCode);
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++) ids.Add(await SubmitAsync($$"""{"type":"noop","queue":"{{queue}}"}"""));
        var starts = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            var job = await Eventually.Until(() => JobAsync(id), j => j.GetProperty("status").GetString() == "Succeeded", $"job {id} runs", TimeSpan.FromSeconds(30));
            starts.Add(job.GetProperty("attempts")[0].GetProperty("startedAt").GetDateTimeOffset());
        }
        starts.Sort();
        // A bucket of 2 tokens refilled at 2 per second: any one-second window holds at most 2 + 2 starts.
        var busiest = starts.Max(s => starts.Count(o => o >= s && o < s + TimeSpan.FromSeconds(1)));
        Assert.InRange(busiest, 1, 4);
    }

    [Theory]
    [InlineData("""{"concurrencyLimit":0}""", "concurrencyLimit")]
    [InlineData("""{"rateLimit":-1}""", "rateLimit")]
    [InlineData("""{"maxAttempts":1000}""", "maxAttempts")]
    [InlineData("""{"timeout":"soon"}""", "timeout")]
    [InlineData("""{"backoff":{"initial":"PT1S","jitter":"some"}}""", "backoff.jitter")]
    [InlineData("""{"priority":1}""", "priority")]
    public async Task BadSettings_Are400_AndChangeNothing(string json, string field)
    {
        var queue = Queue();
        var response = await _http.PatchAsync($"/v1/queues/{queue}", JsonBody(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadElement()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        var settings = (await QueueAsync(queue)).GetProperty("settings");
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("updatedAt").ValueKind);
    }

    [Fact]
    public async Task ABadQueueName_Is400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("/v1/queues/bad%20name!/pause", JsonBody("{}"))).StatusCode);
    }
}

/// <summary>A gateway whose silo runs one attempt at a time and lets three wait: backpressure in miniature. Its log entries are kept for the test to read.</summary>
public sealed class TinyBacklogApiFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Executor:MaxConcurrency"] = "1",
        ["Orchestrator:Executor:MaxQueued"] = "3",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Warning);
        });
    }
}

/// <summary>Backpressure: a full executor backlog refuses new work with 503 + Retry-After; everything accepted completes.</summary>
[Collection(SaturationCollection.Name)]
public sealed class BackpressureTests(TinyBacklogApiFactory factory) : IClassFixture<TinyBacklogApiFactory>
{
    [Fact]
    public async Task ABurst_PastTheBacklog_Gets503WithRetryAfter_AndEveryAcceptedJobCompletes()
    {
        var http = factory.CreateClient();
        var refusedBefore = Orchestrator.Grains.Observability.OrchestratorMetrics.SubmissionsRefused.WithLabels("saturated").Value;
        var gate = $"burst-{Guid.NewGuid():N}";
        var accepted = new List<Guid>();
        var refused = 0;
        // The first takes the one slot; then a burst: three wait, the rest are refused.
        var first = await http.PostAsync("/v1/jobs", JsonBody($$$"""{"type":"{{{TestHandlers.BlockHandler.Name}}}","payload":{"gate":"{{{gate}}}"}}"""));
        accepted.Add((await first.ReadJob()).Id);
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{accepted[0]}")).ReadJob(),
            j => j.Status == Orchestrator.Grains.Interfaces.Jobs.JobStatus.Running, "the first job holds the slot");
        for (var i = 0; i < 9; i++)
        {
            var response = await http.PostAsync("/v1/jobs", JsonBody($$$"""{"type":"{{{TestHandlers.BlockHandler.Name}}}","payload":{"gate":"{{{gate}}}"}}"""));
            if (response.StatusCode == HttpStatusCode.Created) accepted.Add((await response.ReadJob()).Id);
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to retry");
                Assert.Equal("/problems/saturated", (await response.ReadElement()).GetProperty("type").GetString());
                refused++;
            }
        }
        Assert.Equal(4, accepted.Count); // one running, three waiting
        Assert.Equal(6, refused);
        // Delayed work is not refused: it does not wait in the executor.
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","delay":"PT1H"}"""))).StatusCode);
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        // The counter is per process, shared by every test's gateway; the tests that saturate an executor share a
        // collection, so none runs beside this one and the difference is this burst's alone.
        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Contains("orchestrator_submissions_refused_total{reason=\"saturated\"}", metrics);
        Assert.Equal(6, Orchestrator.Grains.Observability.OrchestratorMetrics.SubmissionsRefused.WithLabels("saturated").Value - refusedBefore);
        // One warning per refused submission, naming the tenant, the job id it would have had and the saturated silo.
        var saturated = factory.Logs.Entries.Where(e => e.EventId.Id == 1009).ToList();
        Assert.Equal(6, saturated.Count);
        Assert.All(saturated, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.Contains("is saturated", e.Message);
            Assert.Equal(TestAuth.DefaultTenant, e.Properties["TenantId"]);
            Assert.False(string.IsNullOrEmpty(e.Properties["Silo"]));
            Assert.DoesNotContain(Guid.Parse(e.Properties["JobId"]!), accepted);
        });

        TestHandlers.Release(gate);
        foreach (var id in accepted)
        {
            await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == Orchestrator.Grains.Interfaces.Jobs.JobStatus.Succeeded, $"accepted job {id} completes");
        }
    }
}

/// <summary>A gateway whose tenants may have at most three jobs waiting when their plan sets no bound. Its log entries are kept for the test to read.</summary>
public sealed class TinyPendingBoundApiFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Billing:MaxPendingJobs"] = "3",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Warning);
        });
    }
}

/// <summary>Backpressure per tenant: past the pending bound, submissions answer 429 with Retry-After and change nothing.</summary>
[Collection(SaturationCollection.Name)]
public sealed class TenantPendingBoundTests(TinyPendingBoundApiFactory factory) : IClassFixture<TinyPendingBoundApiFactory>
{
    private async Task<double> RefusedForPendingAsync(HttpClient admin)
    {
        const string series = "orchestrator_submissions_refused_total{reason=\"tenant_pending\"} ";
        var line = (await admin.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(l => l.StartsWith(series, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[series.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task PastTheBound_SubmissionsGet429WithRetryAfter_CountedAndLogged_AndEveryAcceptedJobCompletes()
    {
        var http = factory.CreateClient();
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        var refusedBefore = await RefusedForPendingAsync(admin);
        // Due now, but their queue is paused: accepted jobs stay waiting (pending) until the resume.
        var queue = $"pending-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/queues/{queue}/pause", JsonBody("{}"))).StatusCode);
        var statuses = new List<HttpStatusCode>();
        var accepted = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var response = await http.PostAsync("/v1/jobs", JsonBody($$"""{"type":"noop","queue":"{{queue}}"}"""));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Created) accepted.Add((await response.ReadJob()).Id);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null, "a 429 says when to retry");
                Assert.Equal("/problems/quota-exceeded", (await response.ReadElement()).GetProperty("type").GetString());
            }
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var counts = await (await http.GetAsync("/v1/jobs/counts")).ReadElement();
        Assert.Contains("\"Queued\":3", counts.GetRawText().Replace(" ", ""));

        // Why, in the metric (each refused submission) and the log (each time the tenant's quota grain refuses a silo).
        Assert.Equal(2, await RefusedForPendingAsync(admin) - refusedBefore);
        var logged = factory.Logs.Entries.Where(e => e.EventId.Id == 3610).ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.Equal(TestAuth.DefaultTenant, e.Properties["TenantId"]);
            Assert.Equal("3", e.Properties["Pending"]);
            Assert.Equal("3", e.Properties["MaxPending"]);
        });

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/queues/{queue}/resume", JsonBody("{}"))).StatusCode);
        foreach (var id in accepted)
        {
            await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{id}")).ReadJob(),
                j => j.Status == Orchestrator.Grains.Interfaces.Jobs.JobStatus.Succeeded, $"accepted job {id} completes after the resume", describe: j => $"{j.Status}: {j.StatusReason}");
        }
    }
}
