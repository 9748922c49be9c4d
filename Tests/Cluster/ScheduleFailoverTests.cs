using System.Net;
using System.Net.Http.Json;
using Orchestrator.Client.Api.Apis;
using Orchestrator.Client.Api.Schedules;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>A schedule on a cluster of two silo processes outlives the silo that ran it: no fire lost, none twice.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScheduleFailoverTests
{
    [Fact]
    public async Task SiloRunningTheSchedule_Killed_FiresGoOnElsewhere_WithoutDuplicateOrGap()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var silos = new[] { await topology.StartSiloAsync(), await topology.StartSiloAsync() };
        var (_, http) = await topology.StartApiAsync();

        var created = await http.PostAsync("/v1/schedules", JsonBody("""{"cron":"@every 1s","job":{"type":"noop"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<ScheduleResponse>(ApiFactory.Json))!.Id;
        Task<List<ScheduleRunResponse>> Runs() => RunsAsync(http, id);

        await Eventually.Until(Runs, r => r.Count >= 3, $"schedule {id} fires three times");
        var host = await Eventually.Until(() => Task.FromResult(silos.FirstOrDefault(s => s.Process.Output.Contains($"Schedule default/{id} fired", StringComparison.Ordinal))),
            s => s.Process is not null, $"a silo logs the fires of schedule {id}");
        host.Process.KillHard();
        var killedAt = DateTimeOffset.UtcNow;

        var runs = await Eventually.Until(Runs, r => r.Any(x => x.FireTime > killedAt.AddSeconds(3)), $"schedule {id} fires again after its silo died",
            timeout: TimeSpan.FromSeconds(90), describe: r => $"{r.Count} runs, last {(r.Count == 0 ? "-" : r.Max(x => x.FireTime).ToString("HH:mm:ss.fff"))}");

        var scheduled = runs.Where(r => r.Kind == ScheduleRunKind.Scheduled).Select(r => r.FireTime).Order().ToList();
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
        Assert.Equal(runs.Count, runs.Select(r => r.JobId).Distinct().Count());
        // Every second from the first fire to the last has exactly one fire: the outage was shorter than the misfire
        // threshold (60 s), so the survivor fired the missed seconds late rather than dropping them.
        var gaps = scheduled.Zip(scheduled.Skip(1), (a, b) => b - a).Where(g => g != TimeSpan.FromSeconds(1)).ToList();
        Assert.True(gaps.Count == 0, $"fire times with gaps: {string.Join(", ", gaps)}");
        await http.PostAsync($"/v1/schedules/{id}/pause", null);
    }

    [Fact]
    public async Task EverySiloKilled_AndRestarted_TheScheduleFiresAgain_WithoutDuplicate()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var silos = new[] { await topology.StartSiloAsync(), await topology.StartSiloAsync() };
        var (_, http) = await topology.StartApiAsync();
        var created = await http.PostAsync("/v1/schedules", JsonBody("""{"cron":"@every 1s","job":{"type":"noop"}}"""));
        var id = (await created.Content.ReadFromJsonAsync<ScheduleResponse>(ApiFactory.Json))!.Id;
        await Eventually.Until(() => RunsAsync(http, id), r => r.Count >= 3, $"schedule {id} fires three times");

        foreach (var silo in silos) silo.Process.KillHard();
        var restartedAt = DateTimeOffset.UtcNow;
        foreach (var silo in silos) await topology.StartSiloAsync(silo.SiloPort, silo.GatewayPort);

        // Nothing of the schedule lived in memory: its reminder (in PostgreSQL) brings it back on a new silo.
        var runs = await Eventually.Until(() => RunsAsync(http, id), r => r.Any(x => x.FireTime > restartedAt.AddSeconds(2)),
            $"schedule {id} fires after the restart", timeout: TimeSpan.FromSeconds(120));
        await http.PostAsync($"/v1/schedules/{id}/pause", null);
        var scheduled = runs.Where(r => r.Kind == ScheduleRunKind.Scheduled || r.Kind == ScheduleRunKind.CatchUp).Select(r => r.FireTime).ToList();
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
        Assert.Equal(runs.Count, runs.Select(r => r.JobId).Distinct().Count());
    }

    /// <summary>A schedule's runs; while a dead silo still counts as alive a call routed to it answers 503 (retry later), read as "not yet".</summary>
    private static async Task<List<ScheduleRunResponse>> RunsAsync(HttpClient http, Guid id)
    {
        var response = await http.GetAsync($"/v1/schedules/{id}/runs");
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return [];
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<ItemsResponse<ScheduleRunResponse>>(ApiFactory.Json))!.Items];
    }
}
