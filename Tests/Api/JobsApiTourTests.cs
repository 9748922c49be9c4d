using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Api;

/// <summary>The README's curl tour, step by step, against the embedded gateway.</summary>
public sealed class JobsApiTourTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private Task<JobResponse> WaitFor(Guid id, JobStatus status, string step) =>
        Eventually.Until(async () => await (await _http.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == status,
            $"{step}: job {id} to reach {status}", describe: j => $"{j.Status} ({j.StatusReason})");

    [Fact]
    public async Task Submit_Get_List_NoopJob()
    {
        var response = await _http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","payload":{"hello":"world"},"tags":["tour"]}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJob();
        Assert.Equal($"/v1/jobs/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(created.CorrelationId, response.Headers.GetValues("X-Correlation-Id").Single());

        var job = await WaitFor(created.Id, JobStatus.Succeeded, "noop job runs");
        Assert.Equal("world", job.Payload.GetProperty("hello").GetString());
        Assert.Single(job.Attempts);

        var list = await _http.GetFromJsonAsync<JobListResponse>("/v1/jobs?status=succeeded&type=noop&limit=500", ApiFactory.Json);
        Assert.Contains(list!.Items, j => j.Id == created.Id);
    }

    [Fact]
    public async Task Counts_CountJobsByStatus()
    {
        var created = await (await _http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","delay":"PT1H"}"""))).ReadJob();
        var counts = await _http.GetFromJsonAsync<Dictionary<JobStatus, long>>("/v1/jobs/counts", ApiFactory.Json);
        Assert.True(counts![JobStatus.Scheduled] >= 1);
        await _http.PostAsync($"/v1/jobs/{created.Id}/cancel", null);
        var after = await _http.GetFromJsonAsync<Dictionary<JobStatus, long>>("/v1/jobs/counts", ApiFactory.Json);
        Assert.Equal(counts[JobStatus.Scheduled] - 1, after!.GetValueOrDefault(JobStatus.Scheduled));
        Assert.Equal(counts!.GetValueOrDefault(JobStatus.Cancelled) + 1, after![JobStatus.Cancelled]);
    }

    [Fact]
    public async Task CorrelationId_FromTheHeader_IsKeptOnTheJobAndEchoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"noop"}""") };
        request.Headers.Add("X-Correlation-Id", "order-4711");
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("order-4711", (await response.ReadJob()).CorrelationId);
        Assert.Equal("order-4711", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task FailingJob_RetriesWithBackoff_DeadLetters_AndIsRetriedByHand()
    {
        var response = await _http.PostAsync("/v1/jobs", JsonBody($$$"""
            {"type":"{{{TestHandlers.FlakyHandler.Name}}}","payload":{"failTimes":2},"maxAttempts":2,
             "backoff":{"initial":0.05,"max":0.1,"jitter":"none"}}
            """));
        var id = (await response.ReadJob()).Id;

        var dead = await WaitFor(id, JobStatus.DeadLettered, "flaky job exhausts 2 attempts");
        Assert.Equal(2, dead.Attempts.Count);
        var dlq = await _http.GetFromJsonAsync<JobListResponse>("/v1/dlq?limit=500", ApiFactory.Json);
        Assert.Contains(dlq!.Items, j => j.Id == id);

        var retry = await _http.PostAsync($"/v1/jobs/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var job = await WaitFor(id, JobStatus.Succeeded, "retried job succeeds");
        Assert.Equal(3, job.Attempts.Count);
        dlq = await _http.GetFromJsonAsync<JobListResponse>("/v1/dlq?limit=500", ApiFactory.Json);
        Assert.DoesNotContain(dlq!.Items, j => j.Id == id);
    }

    [Fact]
    public async Task Cancel_DelayedJob()
    {
        var created = await (await _http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","delay":"PT1H"}"""))).ReadJob();
        Assert.Equal(JobStatus.Scheduled, created.Status);

        var response = await _http.PostAsync($"/v1/jobs/{created.Id}/cancel", JsonBody("""{"reason":"not needed"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await response.ReadJob();
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Contains("not needed", job.StatusReason);
    }

    [Fact]
    public async Task IdempotentResubmit_ReturnsTheSameJob_AndADifferentBodyConflicts()
    {
        var key = $"tour-{Guid.NewGuid()}";
        async Task<HttpResponseMessage> Submit(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await _http.SendAsync(request);
        }

        var first = await Submit("""{"type":"noop","payload":{"n":1}}""");
        var second = await Submit("""{ "type": "noop", "payload": { "n": 1 } }""");
        var conflict = await Submit("""{"type":"noop","payload":{"n":2}}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadJob()).Id, (await second.ReadJob()).Id);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Batch_CreatesEveryJob()
    {
        var items = string.Join(",", Enumerable.Range(0, 50).Select(i => $$$"""{"type":"noop","payload":{"i":{{{i}}}}}"""));
        var response = await _http.PostAsync("/v1/jobs/batch", JsonBody($$"""{"jobs":[{{items}}]}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var batch = (await response.Content.ReadFromJsonAsync<BatchResponse>(ApiFactory.Json))!;
        Assert.Equal(50, batch.Jobs.Count);
        Assert.Equal(Enumerable.Range(0, 50), batch.Jobs.Select(j => j.Payload.GetProperty("i").GetInt32()));
        foreach (var job in batch.Jobs) await WaitFor(job.Id, JobStatus.Succeeded, "batch job runs");
    }

    [Fact]
    public async Task OpenApiDocument_AndDocsUi_AreServed()
    {
        var openApi = await _http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/v1/jobs", out _));
        var docs = await _http.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("swagger", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_AndReadiness_Answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/readyz")).StatusCode);
    }
}
