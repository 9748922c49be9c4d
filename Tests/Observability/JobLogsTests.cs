using System.Net;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>A gateway whose default tenant may run the shell handler.</summary>
public sealed class ShellApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:DefaultTenant:ShellEnabled"] = "true",
        ["Orchestrator:Handlers:Shell:Enabled"] = "true",
    };
}

/// <summary>GET /v1/jobs/{id}/logs: what handlers write, live while they run and stored after, within its bounds.</summary>
public sealed class JobLogsTests(ShellApiFactory factory) : IClassFixture<ShellApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task LinesAndProgress_AreReadableWhileTheAttemptRuns_AndStoredWithItWhenItEnds()
    {
        var gate = $"logs-{Guid.NewGuid():N}";
        var job = await Submit($$$"""{"type":"test-log","payload":{"lines":3,"progress":40,"gate":"{{{gate}}}"}}""");

        var live = await Eventually.Until(() => Logs(job), l => l.GetProperty("attempts").GetArrayLength() == 1
            && Attempt(l).GetProperty("lines").GetArrayLength() == 3, "the running attempt's lines are readable");
        Assert.Equal("Running", live.GetProperty("status").GetString());
        Assert.Equal(40, Attempt(live).GetProperty("progress").GetInt32());
        Assert.Equal(["line 1", "line 2", "line 3"], Messages(live));

        TestHandlers.Release(gate);
        var done = await Eventually.Until(() => Logs(job), l => l.GetProperty("status").GetString() == "Succeeded", "the job succeeds");
        Assert.Equal(["line 1", "line 2", "line 3", "done"], Messages(done));
        Assert.Equal(100, Attempt(done).GetProperty("progress").GetInt32());
        Assert.Equal("Succeeded", Attempt(done).GetProperty("result").GetString());
        Assert.Equal(0, Attempt(done).GetProperty("droppedLines").GetInt32());

        // The job itself shows the stored log with its attempt too.
        var view = await (await _http.GetAsync($"/v1/jobs/{job}")).ReadJob();
        Assert.Equal(4, view.Attempts[0].Log!.Lines.Count);
    }

    [Theory]
    [InlineData(250, 10, 200, 50, 10)]       // more lines than kept: the last 200
    [InlineData(20, 1500, 16, 4, 1000)]      // long lines: cut to 1,000 characters, and 16 KiB of them kept
    public async Task Logs_AreBounded_KeepingTheLastLines(int written, int lineLength, int kept, int dropped, int keptLength)
    {
        var job = await Submit($$$"""{"type":"test-log","payload":{"lines":{{{written}}},"lineLength":{{{lineLength}}}}}""");
        var logs = await Eventually.Until(() => Logs(job), l => l.GetProperty("status").GetString() == "Succeeded", "the job succeeds");

        var messages = Messages(logs);
        Assert.Equal(kept, messages.Length);
        Assert.Equal(dropped, Attempt(logs).GetProperty("droppedLines").GetInt32());
        Assert.Equal($"line {written}", messages[^1].TrimEnd('.'));
        Assert.Equal($"line {dropped + 1}", messages[0].TrimEnd('.'));
        Assert.All(messages, m => Assert.True(m.Length <= keptLength, $"a line of {m.Length} characters"));
        var limits = logs.GetProperty("limits");
        Assert.Equal(JobLimits.MaxLogLinesPerAttempt, limits.GetProperty("maxLinesPerAttempt").GetInt32());
        Assert.Equal(JobLimits.MaxLogLineChars, limits.GetProperty("maxLineChars").GetInt32());
        Assert.Equal(JobLimits.MaxLogCharsPerAttempt, limits.GetProperty("maxCharsPerAttempt").GetInt32());
    }

    [Fact]
    public async Task ShellOutput_GoesToTheLog_StderrMarked()
    {
        var job = await Submit("""{"type":"shell","payload":{"command":"sh","args":["-c","echo one; echo two >&2; echo three"]}}""");
        var logs = await Eventually.Until(() => Logs(job), l => l.GetProperty("status").GetString() == "Succeeded", "the shell job succeeds");

        var messages = Messages(logs);
        Assert.Contains("one", messages);
        Assert.Contains("[stderr] two", messages);
        Assert.Contains("three", messages);
    }

    [Fact]
    public async Task OneAttempt_ByNumber_AndClearAnswersForBadRequests()
    {
        var job = await Submit("""{"type":"test-flaky","payload":{"failTimes":1},"backoff":{"initial":0.05,"max":0.05,"multiplier":1,"jitter":"none"}}""");
        await Eventually.Until(() => Logs(job), l => l.GetProperty("status").GetString() == "Succeeded", "the job succeeds on its second attempt");

        var second = await (await _http.GetAsync($"/v1/jobs/{job}/logs?attempt=2")).ReadElement();
        Assert.Equal(2, Attempt(second).GetProperty("attempt").GetInt32());
        Assert.Equal(1, second.GetProperty("attempts").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/v1/jobs/{job}/logs?attempt=9")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"/v1/jobs/{job}/logs?attempt=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/v1/jobs/not-a-job/logs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/v1/jobs/{Guid.NewGuid()}/logs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateAnonymousClient().GetAsync($"/v1/jobs/{job}/logs")).StatusCode);
    }

    private async Task<Guid> Submit(string body)
    {
        var response = await _http.PostAsync("/v1/jobs", JsonBody(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJob()).Id;
    }

    private async Task<JsonElement> Logs(Guid job)
    {
        var response = await _http.GetAsync($"/v1/jobs/{job}/logs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadElement();
    }

    private static JsonElement Attempt(JsonElement logs) => logs.GetProperty("attempts")[logs.GetProperty("attempts").GetArrayLength() - 1];

    private static string[] Messages(JsonElement logs) =>
        Attempt(logs).GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("message").GetString()!).ToArray();
}
