using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>A gateway whose log entries the test can read, and whose http handler may call loopback.</summary>
public sealed class LogCaptureApiFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Handlers:Http:AllowPrivateNetworks"] = "true",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Information);
        });
    }
}

/// <summary>
/// A correlation id sent in X-Correlation-Id comes back in the response, is stored with the job, is on every log line
/// about the job (with tenant, job id, attempt and silo), and goes out on the http handler's request.
/// </summary>
public sealed class CorrelationTests(LogCaptureApiFactory factory) : IClassFixture<LogCaptureApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task CorrelationId_FlowsFromTheRequest_ToTheResponse_TheLogs_AndTheHttpHandlersRequest()
    {
        var correlation = $"corr-{Guid.NewGuid():N}";
        using var target = new LoopbackHeaderServer("X-Correlation-Id");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = JsonBody($$$"""{"type":"http","payload":{"url":"{{{target.Url}}}","method":"POST","body":"hi"}}"""),
        };
        request.Headers.Add("X-Correlation-Id", correlation);
        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(correlation, response.Headers.GetValues("X-Correlation-Id").Single());
        var job = await response.ReadJob();
        Assert.Equal(correlation, job.CorrelationId);

        await Eventually.Until(async () => await (await _http.GetAsync($"/v1/jobs/{job.Id}")).ReadJob(),
            j => j.Status == JobStatus.Succeeded, "the http job succeeds", describe: j => $"{j.Status} {j.LastError}");
        Assert.Equal(correlation, Assert.Single(target.Values));

        var logs = await (await _http.GetAsync($"/v1/jobs/{job.Id}/logs")).ReadElement();
        Assert.Equal(correlation, logs.GetProperty("correlationId").GetString());

        var lines = factory.Logs.Entries.Where(e => e.Properties.GetValueOrDefault("JobId") == job.Id.ToString()).ToArray();
        Assert.Contains(lines, e => e.Message.Contains("submitted", StringComparison.Ordinal));
        var started = Assert.Single(lines, e => e.Message.Contains("started on", StringComparison.Ordinal));
        Assert.Equal(correlation, started.Properties["CorrelationId"]);
        Assert.Equal(TestAuth.DefaultTenant, started.Properties["TenantId"]);
        Assert.Equal("1", started.Properties["Attempt"]);
        Assert.False(string.IsNullOrEmpty(started.Properties["Silo"]));
        Assert.All(lines, e => Assert.Equal(correlation, e.Properties["CorrelationId"]));
    }

    [Fact]
    public async Task AHandlersOwnLogLines_CarryTheAttemptScope()
    {
        var correlation = $"scope-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"test-log","payload":{"lines":0}}""") };
        request.Headers.Add("X-Correlation-Id", correlation);
        var job = await (await _http.SendAsync(request)).ReadJob();

        var line = await Eventually.Until(() => Task.FromResult(factory.Logs.Entries.FirstOrDefault(e =>
            e.Category.EndsWith("LogHandler", StringComparison.Ordinal) && e.Properties.GetValueOrDefault("Job") == job.Id.ToString())),
            e => e is not null, "the handler logs a line");
        Assert.Equal(correlation, line!.ScopeProperties["CorrelationId"]);
        Assert.Equal(job.Id.ToString(), line.ScopeProperties["JobId"]);
        Assert.Equal(TestAuth.DefaultTenant, line.ScopeProperties["TenantId"]);
        Assert.Equal("1", line.ScopeProperties["Attempt"]);
        Assert.False(string.IsNullOrEmpty(line.ScopeProperties["Silo"]));
    }

    [Fact]
    public async Task AJobSubmittedThroughTheGrainClient_WithoutACorrelationId_TakesTheCallersFromTheRequestContext()
    {
        var cluster = factory.Services.GetRequiredService<IClusterClient>();
        var correlation = $"rc-{Guid.NewGuid():N}";
        var jobId = JobIds.New();

        CorrelationContext.Set(correlation);
        var result = await cluster.GetGrain<IJobGrain>(JobIds.GrainKey(TestAuth.DefaultTenant, jobId)).Submit(new JobSpec { Type = "noop", CorrelationId = "" });
        Orleans.Runtime.RequestContext.Clear();

        Assert.Equal(correlation, result.Job.CorrelationId);
        var bare = await cluster.GetGrain<IJobGrain>(JobIds.GrainKey(TestAuth.DefaultTenant, JobIds.New())).Submit(new JobSpec { Type = "noop", CorrelationId = "" });
        Assert.Equal(bare.Job.Id.ToString("N"), bare.Job.CorrelationId); // no caller's id: the job's own
    }
}
