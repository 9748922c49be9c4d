using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Events;

/// <summary><c>GET /v1/events</c>: a tenant's live job and workflow events over SSE.</summary>
public sealed class EventsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(HttpClient http, string query = "") => SseReader.OpenAsync(http, query);

    [Fact]
    public async Task A_Job_Streams_EveryStatusChange_InOrder_UntilSucceeded()
    {
        var http = factory.CreateClient();
        var (response, reader) = await OpenAsync(http, "?kind=job&type=test-echo");
        using var _ = response;
        using var __ = reader;

        var job = await (await http.PostAsync("/v1/jobs", JsonBody("""{"type":"test-echo","payload":{"n":7}}"""))).ReadJob();
        var seen = await reader.UntilAsync(m => m.Data.GetProperty("id").GetGuid() == job.Id && m.Data.GetProperty("status").GetString() == "Succeeded",
            $"job {job.Id} succeeded on the stream");

        var mine = seen.Where(m => m.Data.GetProperty("id").GetGuid() == job.Id).ToList();
        Assert.All(mine, m => Assert.Equal("job", m.Event));
        Assert.All(mine, m => Assert.Equal("test-echo", m.Data.GetProperty("type").GetString()));
        var statuses = mine.Select(m => m.Data.GetProperty("status").GetString()).ToList();
        Assert.Equal("Succeeded", statuses[^1]);
        Assert.Contains("Running", statuses);
        Assert.Equal(1, mine[^1].Data.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task Filters_And_TenantIsolation_HideOtherEvents()
    {
        var http = factory.CreateClient();
        var other = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        var otherHttp = factory.CreateAnonymousClient();
        otherHttp.DefaultRequestHeaders.Authorization = new("Bearer", (await Tenancy.LoginAsync(otherHttp, other.OwnerEmail)).Access);

        var target = await (await http.PostAsync("/v1/jobs", JsonBody("""{"type":"test-echo","payload":{},"delay":"PT1H"}"""))).ReadJob();
        var (response, reader) = await OpenAsync(http, $"?job={target.Id}");
        using var _ = response;
        using var __ = reader;

        // Noise the filter must hide: another job of this tenant, and the same kind of job of another tenant.
        await http.PostAsync("/v1/jobs", JsonBody("""{"type":"test-echo","payload":{}}"""));
        await otherHttp.PostAsync("/v1/jobs", JsonBody("""{"type":"test-echo","payload":{}}"""));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/jobs/{target.Id}/cancel", JsonBody("{}"))).StatusCode);

        var seen = await reader.UntilAsync(m => m.Data.GetProperty("status").GetString() == "Cancelled", "the target's cancellation");
        Assert.All(seen, m => Assert.Equal(target.Id, m.Data.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_Workflow_Streams_ItsEnd()
    {
        var http = factory.CreateClient();
        var (response, reader) = await OpenAsync(http, "?kind=workflow");
        using var _ = response;
        using var __ = reader;

        var submitted = await http.PostAsync("/v1/workflows", JsonBody("""{"steps":[{"name":"a","job":{"type":"test-echo","payload":{}}}]}"""));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.ReadElement()).GetProperty("id").GetGuid();
        var seen = await reader.UntilAsync(m => m.Data.GetProperty("id").GetGuid() == id && m.Data.GetProperty("status").GetString() == "Succeeded",
            $"workflow {id} succeeded on the stream");
        Assert.All(seen, m => Assert.Equal("workflow", m.Event));
    }

    [Theory]
    [InlineData("?kind=jobs", "kind")]
    [InlineData("?job=nope", "job")]
    [InlineData("?workflow=1", "workflow")]
    public async Task BadFilters_Are400(string query, string field)
    {
        var response = await factory.CreateClient().GetAsync("/v1/events" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadElement()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task WithoutCredentials_Is401()
    {
        var response = await factory.CreateAnonymousClient().GetAsync("/v1/events");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>A gateway that lets a tenant hold two event streams at once.</summary>
public sealed class TwoStreamsApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Orchestrator:Events:MaxStreamsPerTenant"] = "2" };
}

/// <summary>The per-tenant bound on open event streams.</summary>
public sealed class EventStreamLimitTests(TwoStreamsApiFactory factory) : IClassFixture<TwoStreamsApiFactory>
{
    [Fact]
    public async Task PastTheBound_AStreamIs429WithRetryAfter_AndClosingOneFreesItsPlace()
    {
        var http = factory.CreateClient();
        var (first, firstReader) = await SseReader.OpenAsync(http);
        var (second, secondReader) = await SseReader.OpenAsync(http);
        using var _ = second;
        using var __ = secondReader;

        var refused = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        firstReader.Dispose();
        first.Dispose();
        var reopened = await Eventually.Until(
            () => http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/events"), HttpCompletionOption.ResponseHeadersRead),
            r => r.StatusCode == HttpStatusCode.OK, "a place freed by closing a stream");
        reopened.Dispose();
    }
}
