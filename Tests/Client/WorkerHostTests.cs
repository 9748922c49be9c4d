using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Client.Workers;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Client;

/// <summary>The .NET worker host (<c>AddOrchestratorWorker</c>) in a Generic Host of its own, against an embedded gateway.</summary>
public sealed class WorkerHostTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public sealed record TextPayload(string Text);

    /// <summary><c>dotnet-upper</c>: upper-cases the text, logging and reporting progress on the way.</summary>
    public sealed class UpperHandler : IWorkerJobHandler<TextPayload>
    {
        public Task<object?> HandleAsync(WorkerJob<TextPayload> job, CancellationToken cancellationToken)
        {
            job.Log($"upper-casing {job.Payload.Text.Length} characters");
            job.ReportProgress(100);
            return Task.FromResult<object?>(new { upper = job.Payload.Text.ToUpperInvariant(), attempt = job.Attempt });
        }
    }

    /// <summary><c>dotnet-reject</c>: refuses its input for good.</summary>
    public sealed class RejectHandler : IWorkerJobHandler<TextPayload>
    {
        public Task<object?> HandleAsync(WorkerJob<TextPayload> job, CancellationToken cancellationToken) =>
            throw new WorkerJobFailedException($"cannot handle '{job.Payload.Text}'", retryable: false);
    }

    /// <summary><c>dotnet-gated</c>: waits for its gate (by text), then succeeds.</summary>
    public sealed class GatedHandler : IWorkerJobHandler<TextPayload>
    {
        public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();
        public static readonly ConcurrentDictionary<string, bool> Started = new();

        public async Task<object?> HandleAsync(WorkerJob<TextPayload> job, CancellationToken cancellationToken)
        {
            Started[job.Payload.Text] = true;
            await Gates.GetOrAdd(job.Payload.Text, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);
            return new { released = job.Payload.Text };
        }
    }

    /// <summary><c>dotnet-counted</c>: counts the handlers of its run (by text) inside at once, and waits for the run's gate.</summary>
    public sealed class CountedHandler : IWorkerJobHandler<TextPayload>
    {
        public static readonly ConcurrentDictionary<string, Run> Runs = new();

        public async Task<object?> HandleAsync(WorkerJob<TextPayload> job, CancellationToken cancellationToken)
        {
            var run = Runs.GetOrAdd(job.Payload.Text, _ => new Run());
            run.Enter();
            try
            {
                await run.Gate.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                run.Exit();
            }
            return new { run = job.Payload.Text };
        }

        public sealed class Run
        {
            private int _inside;
            private int _peak;

            public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
            public int Inside => Volatile.Read(ref _inside);
            /// <summary>The most handlers of the run that were inside at once.</summary>
            public int Peak => Volatile.Read(ref _peak);

            public void Enter()
            {
                var inside = Interlocked.Increment(ref _inside);
                int peak;
                while ((peak = Volatile.Read(ref _peak)) < inside && Interlocked.CompareExchange(ref _peak, inside, peak) != peak)
                {
                }
            }

            public void Exit() => Interlocked.Decrement(ref _inside);
        }
    }

    private IHost BuildWorker(string queue)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Worker:Url"] = "http://gateway.test",
            ["Orchestrator:Worker:ApiKey"] = TestAuth.ApiKey,
            ["Orchestrator:Worker:Name"] = "dotnet-test-worker",
            ["Orchestrator:Worker:Queues:0"] = queue,
            ["Orchestrator:Worker:Concurrency"] = "3",
            ["Orchestrator:Worker:LeaseWait"] = "00:00:02",
            ["Orchestrator:Worker:HeartbeatInterval"] = "00:00:00.200",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOrchestratorWorker(builder.Configuration, worker => worker
            .AddHandler<UpperHandler, TextPayload>("dotnet-upper")
            .AddHandler<RejectHandler, TextPayload>("dotnet-reject")
            .AddHandler<GatedHandler, TextPayload>("dotnet-gated")
            .AddHandler<CountedHandler, TextPayload>("dotnet-counted"));
        builder.Services.AddHttpClient(OrchestratorWorkerOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => api.Server.CreateHandler());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder.Build();
    }

    private async Task<Guid> SubmitAsync(HttpClient http, string type, string queue, string text) =>
        (await (await http.PostAsync("/v1/jobs", JsonBody(JsonSerializer.Serialize(new { type, queue, payload = new { text } })))).ReadJob()).Id;

    private static async Task<JsonElement> WorkerOnAsync(HttpClient http, string queue) =>
        (await (await http.GetAsync("/v1/workers")).ReadElement()).GetProperty("items").EnumerateArray()
            .Single(w => w.GetProperty("registration").GetProperty("queues")[0].GetString() == queue);

    private static Task<JsonElement> UntilAsync(HttpClient http, Guid id, string status) =>
        Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{id}")).ReadElement(), j => j.GetProperty("status").GetString() == status, $"job {id} {status}");

    [Fact]
    public async Task TheWorkerHost_RunsTypedHandlers_ReportsResultsLogsAndFailures()
    {
        var http = api.CreateClient();
        var queue = $"dotnet-{Guid.NewGuid():N}"[..20];
        using var worker = BuildWorker(queue);
        await worker.StartAsync();

        var upper = await SubmitAsync(http, "dotnet-upper", queue, "hello");
        var rejected = await SubmitAsync(http, "dotnet-reject", queue, "nope");
        var done = await UntilAsync(http, upper, "Succeeded");
        Assert.Equal("HELLO", done.GetProperty("result").GetProperty("upper").GetString());
        var logs = (await (await http.GetAsync($"/v1/jobs/{upper}/logs")).ReadElement()).GetProperty("attempts")[0];
        Assert.Equal(100, logs.GetProperty("progress").GetInt32());
        Assert.Contains("upper-casing 5 characters", logs.GetProperty("lines")[0].GetProperty("message").GetString());
        var dead = await UntilAsync(http, rejected, "DeadLettered");
        Assert.Equal("cannot handle 'nope'", dead.GetProperty("lastError").GetString());

        var workers = (await (await http.GetAsync("/v1/workers")).ReadElement()).GetProperty("items").EnumerateArray();
        Assert.Contains(workers, w => w.GetProperty("registration").GetProperty("name").GetString() == "dotnet-test-worker"
            && w.GetProperty("registration").GetProperty("queues")[0].GetString() == queue);
        await worker.StopAsync();
    }

    [Fact]
    public async Task StoppingTheHost_DrainsIt_TheJobInHandFinishesAndNothingNewIsLeased()
    {
        var http = api.CreateClient();
        var queue = $"drain-{Guid.NewGuid():N}"[..20];
        var gate = $"gate-{Guid.NewGuid():N}";
        using var worker = BuildWorker(queue);
        await worker.StartAsync();
        var inHand = await SubmitAsync(http, "dotnet-gated", queue, gate);
        await Eventually.True(() => GatedHandler.Started.ContainsKey(gate), "the worker runs the gated job");

        Assert.Equal("Active", (await WorkerOnAsync(http, queue)).GetProperty("state").GetString());

        var stopping = worker.StopAsync();
        // The host tells the gateway it drains: listed Draining (not Active) while the job in hand still runs.
        await Eventually.Until(() => WorkerOnAsync(http, queue), w => w.GetProperty("state").GetString() == "Draining", "the stopping worker is listed Draining",
            describe: w => w.GetRawText());
        Assert.Equal("Running", (await (await http.GetAsync($"/v1/jobs/{inHand}")).ReadElement()).GetProperty("status").GetString());
        var later = await SubmitAsync(http, "dotnet-upper", queue, "after the stop");
        GatedHandler.Gates.GetOrAdd(gate, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        await stopping;

        var finished = await UntilAsync(http, inHand, "Succeeded");
        Assert.Equal(gate, finished.GetProperty("result").GetProperty("released").GetString());
        Assert.Equal("Queued", (await (await http.GetAsync($"/v1/jobs/{later}")).ReadElement()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/jobs/{later}/cancel", JsonBody("{}"))).StatusCode);
        Assert.Equal("Draining", (await WorkerOnAsync(http, queue)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task WithConcurrency3_HandlersRunTogether_ButNeverMoreThanThree()
    {
        var http = api.CreateClient();
        var queue = $"conc-{Guid.NewGuid():N}"[..20];
        var runKey = $"run-{Guid.NewGuid():N}";
        var run = CountedHandler.Runs.GetOrAdd(runKey, _ => new CountedHandler.Run());
        using var worker = BuildWorker(queue);
        await worker.StartAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++) ids.Add(await SubmitAsync(http, "dotnet-counted", queue, runKey));

        // The gate holds every handler inside: the worker fills its three slots and leases nothing more.
        await Eventually.True(() => run.Inside == 3, $"three handlers of {runKey} inside at once");
        var statuses = new List<string?>();
        foreach (var id in ids) statuses.Add((await (await http.GetAsync($"/v1/jobs/{id}")).ReadElement()).GetProperty("status").GetString());
        Assert.Equal(3, statuses.Count(s => s == "Running"));
        Assert.Equal(4, statuses.Count(s => s == "Queued"));
        Assert.Equal(3, (await WorkerOnAsync(http, queue)).GetProperty("currentJobs").GetArrayLength());

        run.Gate.SetResult();
        foreach (var id in ids) await UntilAsync(http, id, "Succeeded");
        Assert.Equal(3, run.Peak); // more than one at once, never more than its concurrency
        await worker.StopAsync();
    }
}
