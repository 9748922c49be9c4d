using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Processes;

/// <summary>The programs as users start them: real processes, real ports.</summary>
public sealed class ProcessTopologyTests
{
    private static async Task<JobResponse> WaitFor(HttpClient http, Guid id, JobStatus status, string step) =>
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == status,
            $"{step}: job {id} to reach {status}", TimeSpan.FromSeconds(30), j => $"{j.Status} ({j.StatusReason})");

    [Fact]
    public async Task SiloAndGateway_AsTwoProcesses_RunAJobOnTheSilo()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var ports = new Dictionary<string, string>
        {
            ["Orchestrator__Silo__SiloPort"] = siloPort.ToString(),
            ["Orchestrator__Silo__GatewayPort"] = gatewayPort.ToString(),
        };
        await using var silo = ProcessHost.Start("Silo", ports);
        await silo.WaitForOutput("Orchestrator silo started", "silo process starts");

        await using var api = ProcessHost.Start("Client.Api", new Dictionary<string, string>(ports.Concat(ClusterConfig.AsEnvironment(TestAuth.Settings(shellEnabled: false))))
        {
            ["Orchestrator__Mode"] = "Gateway",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
        });
        await api.WaitForOutput("(Gateway mode) listening on", "gateway process starts");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") }.WithApiKey();
        var response = await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","payload":{"via":"gateway"}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJob()).Id;
        await WaitFor(http, id, JobStatus.Succeeded, "job submitted through the gateway runs");

        // The gateway is only a client: the attempt ran in the silo process, which logged it.
        await silo.WaitForOutput($"{id} attempt 1 started", "silo logs the attempt");
        Assert.DoesNotContain($"{id} attempt 1 started", api.Output);
    }

    [Fact]
    public async Task EmbeddedApi_OnCtrlC_CancelsRunningJobsAndExits()
    {
        var httpPort = FreePort.Next();
        var marker = $"{Random.Shared.Next(100000, 999999)}.5";
        await using var api = ProcessHost.Start("Client.Api", new Dictionary<string, string>(ClusterConfig.AsEnvironment(TestAuth.Settings(shellEnabled: true)))
        {
            ["Orchestrator__Silo__SiloPort"] = FreePort.Next().ToString(),
            ["Orchestrator__Silo__GatewayPort"] = FreePort.Next().ToString(),
            ["Orchestrator__Handlers__Shell__Enabled"] = "true",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
        });
        await api.WaitForOutput("(Embedded mode) listening on", "embedded API starts");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") }.WithApiKey();
        var response = await http.PostAsync("/v1/jobs", JsonBody($$$"""{"type":"shell","payload":{"command":"sleep","args":["{{{marker}}}"]}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJob()).Id;
        await WaitFor(http, id, JobStatus.Running, "long shell job starts");
        Assert.True(SleepRunning(marker), "the job's child process runs");

        Assert.True(await api.InterruptAsync(TimeSpan.FromSeconds(30)), $"the API exits after Ctrl+C. Output:\n{api.Output}");
        Assert.Contains("cancelling 1 running attempts", api.Output);
        // The handler's token fired and it killed its process tree; nothing was left behind.
        await Eventually.True(() => !SleepRunning(marker), $"child process 'sleep {marker}' is gone");
    }

    private static bool SleepRunning(string marker)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", $"sleep {marker}"]) { RedirectStandardOutput = true })!;
        pgrep.WaitForExit();
        return pgrep.ExitCode == 0;
    }
}
