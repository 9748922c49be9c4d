using System.Net;
using System.Text.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Workers;

/// <summary>The worker API as a test's worker calls it: register, lease, report, and the job reads around them.</summary>
public sealed class WorkerCalls(HttpClient http)
{
    public static string Queue() => $"ext-{Guid.NewGuid():N}"[..20];

    public async Task<string> RegisterAsync(string name, params string[] queues)
    {
        var response = await http.PostAsync("/v1/workers", JsonBody(JsonSerializer.Serialize(new { name, queues, concurrency = 4, version = "1.0", labels = new { lang = "test" } })));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadElement()).GetProperty("id").GetString()!;
    }

    public async Task<List<JsonElement>> LeaseAsync(string worker, string queue, int max = 10, string wait = "PT0S")
    {
        var response = await http.PostAsync($"/v1/workers/{worker}/lease", JsonBody(JsonSerializer.Serialize(new { queues = new[] { queue }, max, wait })));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadElement()).GetProperty("jobs").EnumerateArray().ToList();
    }

    public Task<HttpResponseMessage> CompleteAsync(JsonElement leased, object result) =>
        http.PostAsync($"/v1/jobs/{leased.GetProperty("id").GetGuid()}/complete",
            JsonBody(JsonSerializer.Serialize(new { leaseToken = leased.GetProperty("leaseToken").GetString(), result })));

    public Task<HttpResponseMessage> FailAsync(JsonElement leased, string error, bool retryable) =>
        http.PostAsync($"/v1/jobs/{leased.GetProperty("id").GetGuid()}/fail",
            JsonBody(JsonSerializer.Serialize(new { leaseToken = leased.GetProperty("leaseToken").GetString(), error, retryable })));

    /// <summary>Submits a job of a type no silo handles (so it waits for a worker); <paramref name="extra"/> adds fields after the payload.</summary>
    public async Task<Guid> SubmitAsync(string queue, string type = "ext-task", string extra = "")
    {
        var response = await http.PostAsync("/v1/jobs", JsonBody($$"""{"type":"{{type}}","queue":"{{queue}}","payload":{"n":1}{{extra}}}"""));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJob()).Id;
    }

    public async Task<JsonElement> JobAsync(Guid id) => await (await http.GetAsync($"/v1/jobs/{id}")).ReadElement();

    public async Task<JobResponse> TypedJobAsync(Guid id) => await (await http.GetAsync($"/v1/jobs/{id}")).ReadJob();

    public async Task<JsonElement> WorkerAsync(string worker) =>
        (await (await http.GetAsync("/v1/workers")).ReadElement()).GetProperty("items").EnumerateArray().Single(w => w.GetProperty("id").GetString() == worker);

    public static Guid IdOf(JsonElement leased) => leased.GetProperty("id").GetGuid();
}
