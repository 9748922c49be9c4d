using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Client;

/// <summary>
/// <c>samples/Worker.Sample</c> as a user runs it: its built program, configured by environment variables only, over the
/// HTTP transport to a gateway on a loopback port. The sample is built by the solution build, not by this project.
/// </summary>
public sealed partial class WorkerSampleTests(KestrelApi<ApiFactory> api) : IClassFixture<KestrelApi<ApiFactory>>
{
    [GeneratedRegex(@"Job (?<id>[0-9a-f-]{36}) finished Succeeded after 1 attempt\(s\)")]
    private static partial Regex FinishedLine();

    [Fact]
    public async Task TheSample_SubmitsAJob_WaitsForIt_AndExits0_SayingItSucceeded()
    {
        await using var sample = ProcessHost.Start(Path.Combine("samples", "Worker.Sample"), new Dictionary<string, string>
        {
            ["Orchestrator__Client__Url"] = api.BaseUrl,
            ["Orchestrator__Client__ApiKey"] = TestAuth.ApiKey,
            ["Sample__WaitSeconds"] = "30",
        });
        var exit = await sample.WaitForExitAsync("the sample submitting, waiting and stopping", TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"exit code {exit}. Output:\n{sample.Output}");
        var finished = FinishedLine().Match(sample.Output);
        Assert.True(finished.Success, $"no line saying the job succeeded. Output:\n{sample.Output}");

        // The job it names is real: the sample's, of the configured type, succeeded on the gateway.
        var job = await (await api.Http.GetAsync($"/v1/jobs/{finished.Groups["id"].Value}")).ReadElement();
        Assert.Equal("Succeeded", job.GetProperty("status").GetString());
        Assert.Equal("noop", job.GetProperty("type").GetString());
        Assert.Contains("sample", job.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("hello from the sample", job.GetProperty("payload").GetProperty("greeting").GetString());
        Assert.Equal(JsonValueKind.String, job.GetProperty("payload").GetProperty("sentAt").ValueKind);
    }
}
