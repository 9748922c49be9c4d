using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Workers;

/// <summary>The dependency-free Python worker in <c>samples/python-worker</c>, run as a real process against a gateway on a loopback port.</summary>
public sealed class PythonWorkerTests(KestrelApi<ShortLeaseApiFactory> api) : IClassFixture<KestrelApi<ShortLeaseApiFactory>>
{
    private ProcessHost StartWorker(string queue) =>
        ProcessHost.StartCommand("python3", ["-u", Path.Combine(ProcessHost.RepositoryRoot(), "samples", "python-worker", "worker.py")],
            ProcessHost.RepositoryRoot(), new Dictionary<string, string>
            {
                ["ORCHESTRATOR_URL"] = api.BaseUrl,
                ["ORCHESTRATOR_API_KEY"] = TestAuth.ApiKey,
                ["WORKER_QUEUES"] = queue,
                ["WORKER_CONCURRENCY"] = "2",
                ["WORKER_HEARTBEAT_SECONDS"] = "0.5", // the test gateway's leases last 3 s
            });

    private async Task<Guid> SubmitAsync(string type, string queue, object payload) =>
        (await (await api.Http.PostAsync("/v1/jobs", JsonBody(JsonSerializer.Serialize(new { type, queue, payload, maxAttempts = 3 })))).ReadJob()).Id;

    private Task<JsonElement> UntilAsync(Guid id, Func<JsonElement, bool> condition, string step) =>
        Eventually.Until(async () => await (await api.Http.GetAsync($"/v1/jobs/{id}")).ReadElement(), condition, step, TimeSpan.FromSeconds(30));

    private static string Queue() => $"py-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task ThePythonWorker_CompletesAndFailsJobs()
    {
        var queue = Queue();
        await using var worker = StartWorker(queue);
        await worker.WaitForOutput("ready on", "the python worker registers");

        var reversed = await SubmitAsync("py-reverse", queue, new { text = "orchestrator" });
        var failing = await SubmitAsync("py-fail", queue, new { });
        var done = await UntilAsync(reversed, j => j.GetProperty("status").GetString() == "Succeeded", "the reverse job succeeded");
        Assert.Equal("rotartsehcro", done.GetProperty("result").GetProperty("reversed").GetString());
        var dead = await UntilAsync(failing, j => j.GetProperty("status").GetString() == "DeadLettered", "the failing job dead-lettered (not retryable)");
        Assert.Equal(1, dead.GetProperty("attempts").GetArrayLength());
        Assert.Contains("py-fail always fails", dead.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task AKilledWorkersJob_ComesBackAfterItsLease_ToAnotherWorker()
    {
        var queue = Queue();
        var first = StartWorker(queue);
        await first.WaitForOutput("ready on", "the first worker registers");
        var job = await SubmitAsync("py-sleep", queue, new { seconds = 60 });
        var running = await UntilAsync(job, j => j.GetProperty("status").GetString() == "Running", "the first worker runs the job");
        var firstSilo = running.GetProperty("attempts")[0].GetProperty("silo").GetString();
        first.KillHard();
        await first.DisposeAsync();

        await using var second = StartWorker(queue);
        await second.WaitForOutput("ready on", "the second worker registers");
        var recovered = await UntilAsync(job, j => j.GetProperty("attempts").GetArrayLength() == 2 && j.GetProperty("status").GetString() == "Running",
            "the killed worker's job leased again after its lease expired");
        Assert.StartsWith("lease expired", recovered.GetProperty("attempts")[0].GetProperty("error").GetString());
        Assert.True(firstSilo != recovered.GetProperty("attempts")[1].GetProperty("silo").GetString(), recovered.GetRawText() + "\n" + first.Output);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.PostAsync($"/v1/jobs/{job}/cancel", JsonBody("{}"))).StatusCode); // 60 s is long for a test
    }

    [Fact]
    public async Task TERM_DrainsTheWorker_TheJobInHandFinishesFirst()
    {
        var queue = Queue();
        await using var worker = StartWorker(queue);
        await worker.WaitForOutput("ready on", "the worker registers");
        var job = await SubmitAsync("py-sleep", queue, new { seconds = 2 });
        await UntilAsync(job, j => j.GetProperty("status").GetString() == "Running", "the worker runs the job");
        Assert.True(await worker.TerminateAsync(TimeSpan.FromSeconds(30)), "the worker exits after draining");
        Assert.Contains("drained", worker.Output);
        var done = await UntilAsync(job, j => j.GetProperty("status").GetString() == "Succeeded", "the job in hand finished");
        Assert.Equal(1, done.GetProperty("attempts").GetArrayLength());
        Assert.Equal(100, (await (await api.Http.GetAsync($"/v1/jobs/{job}/logs")).ReadElement()).GetProperty("attempts")[0].GetProperty("progress").GetInt32());
    }
}
