using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Api;

/// <summary>A gateway with a 1 KiB payload limit, private HTTP targets refused and the shell handler off (the defaults).</summary>
public sealed class SmallLimitsApiFactory : ApiFactory
{
    public const int PayloadLimit = 1024;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Jobs:MaxPayloadBytes"] = PayloadLimit.ToString(),
    };
}

/// <summary>Every bad request gets a 4xx problem-details answer and leaves every job as it was.</summary>
public sealed class BadInputTests(SmallLimitsApiFactory factory) : IClassFixture<SmallLimitsApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private static readonly Guid Unknown = Guid.Parse("0190f0f0-0000-7000-8000-000000000001");

    public sealed record Case(string Name, string Method, string Path, string? Body, int Status,
        string ContentType = "application/json", string? IdempotencyKey = null)
    {
        public override string ToString() => Name;
    }

    private static string Batch(int count, string item = """{"type":"noop"}""") =>
        $$"""{"jobs":[{{string.Join(",", Enumerable.Repeat(item, count))}}]}""";

    public static TheoryData<Case> Cases() => new()
    {
        new("malformed JSON", "POST", "/v1/jobs", """{"type":""", 400),
        new("body is an array", "POST", "/v1/jobs", """[{"type":"noop"}]""", 400),
        new("body is text/plain", "POST", "/v1/jobs", """{"type":"noop"}""", 415, ContentType: "text/plain"),
        new("empty body", "POST", "/v1/jobs", "", 400),
        new("type missing", "POST", "/v1/jobs", """{"payload":{}}""", 400),
        new("type is a number", "POST", "/v1/jobs", """{"type":42}""", 400),
        new("malformed type", "POST", "/v1/jobs", """{"type":"no such handler!"}""", 400),
        new("priority is a string", "POST", "/v1/jobs", """{"type":"noop","priority":"high"}""", 400),
        new("priority out of range", "POST", "/v1/jobs", """{"type":"noop","priority":5000}""", 400),
        new("negative delay", "POST", "/v1/jobs", """{"type":"noop","delay":-5}""", 400),
        new("delay not a duration", "POST", "/v1/jobs", """{"type":"noop","delay":"soon"}""", 400),
        new("both runAt and delay", "POST", "/v1/jobs", """{"type":"noop","delay":5,"runAt":"2030-01-01T00:00:00Z"}""", 400),
        new("runAt without offset", "POST", "/v1/jobs", """{"type":"noop","runAt":"2030-01-01T00:00:00"}""", 400),
        new("maxAttempts 0", "POST", "/v1/jobs", """{"type":"noop","maxAttempts":0}""", 400),
        new("maxAttempts 10,000", "POST", "/v1/jobs", """{"type":"noop","maxAttempts":10000}""", 400),
        new("timeout 0", "POST", "/v1/jobs", """{"type":"noop","timeout":0}""", 400),
        new("backoff multiplier below 1", "POST", "/v1/jobs", """{"type":"noop","backoff":{"multiplier":0.5}}""", 400),
        new("backoff jitter unknown", "POST", "/v1/jobs", """{"type":"noop","backoff":{"jitter":"sometimes"}}""", 400),
        new("tags not an array", "POST", "/v1/jobs", """{"type":"noop","tags":"a,b"}""", 400),
        new("unknown field", "POST", "/v1/jobs", """{"type":"noop","maxAttempt":3}""", 400),
        new("queue with spaces", "POST", "/v1/jobs", """{"type":"noop","queue":"my queue"}""", 400),
        new("correlationId too long", "POST", "/v1/jobs", $$"""{"type":"noop","correlationId":"{{new string('c', 200)}}"}""", 400),
        new("payload over the limit", "POST", "/v1/jobs", $$"""{"type":"noop","payload":"{{new string('x', SmallLimitsApiFactory.PayloadLimit)}}"}""", 413),
        new("shell handler while disabled", "POST", "/v1/jobs", """{"type":"shell","payload":{"command":"/bin/true"}}""", 400),
        new("http handler to 127.0.0.1", "POST", "/v1/jobs", """{"type":"http","payload":{"url":"http://127.0.0.1:8080/hook"}}""", 400),
        new("http handler to localhost", "POST", "/v1/jobs", """{"type":"http","payload":{"url":"http://localhost/hook"}}""", 400),
        new("http handler to link-local metadata", "POST", "/v1/jobs", """{"type":"http","payload":{"url":"http://169.254.169.254/latest"}}""", 400),
        new("http handler without url", "POST", "/v1/jobs", """{"type":"http","payload":{"method":"GET"}}""", 400),
        new("Idempotency-Key too long", "POST", "/v1/jobs", """{"type":"noop"}""", 400, IdempotencyKey: new string('k', 300)),
        new("batch over 1,000", "POST", "/v1/jobs/batch", Batch(1001), 400),
        new("batch empty", "POST", "/v1/jobs/batch", Batch(0), 400),
        new("batch without jobs array", "POST", "/v1/jobs/batch", """{"type":"noop"}""", 400),
        new("batch with one bad item", "POST", "/v1/jobs/batch", """{"jobs":[{"type":"noop"},{"type":"noop","maxAttempts":0}]}""", 400),
        new("batch with one malformed type", "POST", "/v1/jobs/batch", """{"jobs":[{"type":"noop"},{"type":"no pe!"}]}""", 400),
        new("batch with one payload over the limit", "POST", "/v1/jobs/batch", $$"""{"jobs":[{"type":"noop"},{"type":"noop","payload":"{{new string('x', SmallLimitsApiFactory.PayloadLimit)}}"}]}""", 413),
        new("batch with Idempotency-Key", "POST", "/v1/jobs/batch", Batch(1), 400, IdempotencyKey: "k"),
        new("unknown job id", "GET", $"/v1/jobs/{Unknown}", null, 404),
        new("malformed job id", "GET", "/v1/jobs/not-a-uuid", null, 400),
        new("cancel unknown job", "POST", $"/v1/jobs/{Unknown}/cancel", null, 404),
        new("retry unknown job", "POST", $"/v1/jobs/{Unknown}/retry", null, 404),
        new("cancel malformed id", "POST", "/v1/jobs/123/cancel", null, 400),
        new("cancel with a bad body", "POST", $"/v1/jobs/{Unknown}/cancel", """{"why":"x"}""", 400),
        new("list with unknown status", "GET", "/v1/jobs?status=bogus", null, 400),
        new("list with limit 0", "GET", "/v1/jobs?limit=0", null, 400),
        new("list with limit 501", "GET", "/v1/jobs?limit=501", null, 400),
        new("list with a forged cursor", "GET", "/v1/jobs?cursor=abc", null, 400),
        new("list with a bad from", "GET", "/v1/jobs?from=yesterday", null, 400),
        new("dlq with a status filter", "GET", "/v1/dlq?status=Queued", null, 400),
        new("unknown route", "GET", "/v1/nothing-here", null, 404),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_GetsProblemDetails_AndChangesNothing(Case c)
    {
        var before = await Snapshot();
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Body is not null) request.Content = new StringContent(c.Body, Encoding.UTF8, c.ContentType);
        if (c.IdempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", c.IdempotencyKey);

        var response = await _http.SendAsync(request);

        Assert.Equal(c.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadElement();
        Assert.Equal(c.Status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task IllegalTransition_Is409_AndTheJobIsUnchanged()
    {
        var created = await (await _http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).ReadJob();
        var done = await Eventually.Until(async () => await (await _http.GetAsync($"/v1/jobs/{created.Id}")).ReadJob(),
            j => j.Status == JobStatus.Succeeded, $"job {created.Id} succeeds");

        var before = await Snapshot();
        var response = await _http.PostAsync($"/v1/jobs/{created.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadElement();
        Assert.Equal("/problems/illegal-transition", problem.GetProperty("type").GetString());
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("Succeeded", problem.GetProperty("jobStatus").GetString());
        Assert.Equal("Retry", problem.GetProperty("trigger").GetString());
        Assert.Equal(done.Version, (await (await _http.GetAsync($"/v1/jobs/{created.Id}")).ReadJob()).Version);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task IdempotencyConflict_Is409_AndTheJobIsUnchanged()
    {
        var key = $"bad-{Guid.NewGuid()}";
        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"noop","delay":"PT1H"}""") };
        first.Headers.Add("Idempotency-Key", key);
        var created = await (await _http.SendAsync(first)).ReadJob();

        var before = await Snapshot();
        using var second = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"noop","delay":"PT2H"}""") };
        second.Headers.Add("Idempotency-Key", key);
        var response = await _http.SendAsync(second);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("/problems/idempotency-conflict", (await response.ReadElement()).GetProperty("type").GetString());
        Assert.Equal(created.RunAt, (await (await _http.GetAsync($"/v1/jobs/{created.Id}")).ReadJob()).RunAt);
        Assert.Equal(before, await Snapshot());
    }

    /// <summary>Every job of the tenant with its status and last update: equal snapshots mean nothing was created or changed.</summary>
    private async Task<string> Snapshot()
    {
        var page = await _http.GetFromJsonAsync<JobListResponse>("/v1/jobs?limit=500", ApiFactory.Json);
        return string.Join(";", page!.Items.Select(j => $"{j.Id}:{j.Status}:{j.UpdatedAt:O}"));
    }
}
