using System.Net;
using System.Net.Http.Json;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>A workflow mid-run on a cluster of two silo processes survives kill -9 of either silo and completes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkflowFailoverTests
{
    [Fact]
    public async Task SiloKilledMidRun_TheWorkflowCompletes_EveryStepOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var silos = new[] { await topology.StartSiloAsync(), await topology.StartSiloAsync() };
        var (_, http) = await topology.StartApiAsync();

        // Three layers of four one-second steps: the kill lands while steps run.
        var steps = Enumerable.Range(0, 12).Select(i => new
        {
            name = $"s{i}",
            dependsOn = i < 4 ? Array.Empty<string>() : Enumerable.Range((i / 4 - 1) * 4, 4).Select(p => $"s{p}").ToArray(),
            job = new { type = "shell", payload = new { command = "sleep", args = new[] { "1" } } },
        });
        var submitted = await http.PostAsJsonAsync("/v1/workflows", new { steps });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<WorkflowView>(ApiFactory.Json))!.Id;

        async Task<WorkflowView?> Read()
        {
            var response = await http.GetAsync($"/v1/workflows/{id}");
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<WorkflowView>(ApiFactory.Json) : null; // 503 while a dead silo still counts as alive
        }
        await Eventually.Until(Read, w => w?.Steps.Count(s => s.Status == StepStatus.Succeeded) >= 4, $"workflow {id}: the first layer succeeds",
            timeout: TimeSpan.FromSeconds(60));
        var host = silos.FirstOrDefault(s => s.Process.Output.Contains($"Workflow default/{id} started", StringComparison.Ordinal));
        (host.Process ?? silos[1].Process).KillHard();

        var done = await Eventually.Until(Read, w => w is { Status: not WorkflowStatus.Running }, $"workflow {id} completes after the kill",
            timeout: TimeSpan.FromSeconds(120), describe: w => w is null ? "unavailable" : string.Join(", ", w.Steps.Select(s => $"{s.Name}={s.Status}")));
        Assert.Equal(WorkflowStatus.Succeeded, done!.Status);
        Assert.All(done.Steps, s => Assert.Equal(1, s.Runs));
        Assert.Equal(12, done.Steps.Select(s => s.JobId).Distinct().Count());
    }
}
