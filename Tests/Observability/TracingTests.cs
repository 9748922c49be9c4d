using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Observability;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>A gateway with tracing on, whose http handler may call loopback.</summary>
public sealed class TracingApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Tracing:Enabled"] = "true",
        ["Orchestrator:Handlers:Http:AllowPrivateNetworks"] = "true",
    };
}

/// <summary>Records every finished activity of the sources a trace of ours crosses (process-wide; tests filter by trace id).</summary>
public sealed class ActivityRecorder : IDisposable
{
    private static readonly string[] Sources = [JobTracing.SourceName, "Microsoft.AspNetCore", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "System.Net.Http"];
    private readonly ActivityListener _listener;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => Sources.Contains(s.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => Stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public void Dispose() => _listener.Dispose();
}

/// <summary>One trace from the HTTP request through the grain calls to the job's attempt and its outgoing request.</summary>
public sealed class TracingTests(TracingApiFactory factory) : IClassFixture<TracingApiFactory>
{
    [Fact]
    public async Task ATraceSentWithTheSubmission_ContinuesThroughGrains_IntoTheAttempt_AndOutOfTheHttpHandler()
    {
        using var recorder = new ActivityRecorder();
        using var target = new LoopbackHeaderServer("traceparent");
        var traceId = ActivityTraceId.CreateRandom();
        var http = factory.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = JsonBody($$$"""{"type":"http","payload":{"url":"{{{target.Url}}}","method":"POST","body":"hi"}}"""),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var job = await (await http.SendAsync(request)).ReadJob();
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{job.Id}")).ReadJob(),
            j => j.Status == JobStatus.Succeeded, "the http job succeeds", describe: j => $"{j.Status} {j.LastError}");

        var sent = Assert.Single(target.Values);
        Assert.Equal(traceId.ToString(), sent.Split('-')[1]); // the handler's request continues the submitter's trace
        var spans = await Eventually.Until(() => Task.FromResult(recorder.Stopped.Where(a => a.TraceId == traceId).ToArray()),
            s => s.Any(a => a.Source.Name == JobTracing.SourceName), "the attempt's span ends");
        Assert.Contains(spans, a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Contains(spans, a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        var attempt = Assert.Single(spans, a => a.Source.Name == JobTracing.SourceName);
        Assert.Equal("job.attempt http", attempt.DisplayName);
        Assert.Equal(job.Id.ToString(), attempt.GetTagItem("orchestrator.job_id"));
        Assert.Equal(ActivityStatusCode.Ok, attempt.Status);
    }
}

/// <summary>With tracing off (the default) no attempt span is made, even when something listens.</summary>
public sealed class TracingOffTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task WithTracingOff_AJobMakesNoSpanOfOurs()
    {
        using var recorder = new ActivityRecorder();
        var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"noop"}""") };
        request.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01");
        var job = await (await http.SendAsync(request)).ReadJob();
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{job.Id}")).ReadJob(), j => j.Status == JobStatus.Succeeded, "the job succeeds");

        Assert.DoesNotContain(recorder.Stopped, a => a.Source.Name == JobTracing.SourceName && Equals(a.GetTagItem("orchestrator.job_id"), job.Id.ToString()));
    }
}

/// <summary>An HTTP server on loopback that answers 200 and records one request header.</summary>
public sealed class LoopbackHeaderServer : IDisposable
{
    private readonly HttpListener _listener = new();

    public LoopbackHeaderServer(string header)
    {
        Url = $"http://127.0.0.1:{FreePort.Next()}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    Values.Enqueue(context.Request.Headers[header] ?? "(none)");
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
    }

    public string Url { get; }
    public ConcurrentQueue<string> Values { get; } = new();

    public void Dispose() => _listener.Close();
}
