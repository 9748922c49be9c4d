using System.Net;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>What an operator sees of a cluster-mode silo and gateway: health, readiness, gauges and JSON logs.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterMonitoringTests
{
    [Fact]
    public async Task ASiloAndAGateway_AreReadyWithTheDatabase_ExportClusterGauges_AndLogJsonLines()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var siloMonitoring = FreePort.Next();
        var (silo, _, _) = await topology.StartSiloAsync(settings: new Dictionary<string, string>
        {
            ["Orchestrator:Metrics:Port"] = siloMonitoring.ToString(),
            ["Orchestrator:Metrics:QueueDepthRefresh"] = "00:00:00.2",
        });
        var apiMonitoring = FreePort.Next();
        var (_, http) = await topology.StartApiAsync(new Dictionary<string, string> { ["Orchestrator:Metrics:Port"] = apiMonitoring.ToString() });
        using var monitor = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync($"http://127.0.0.1:{siloMonitoring}/healthz")).StatusCode);
        var siloReady = await Ready(monitor, $"http://127.0.0.1:{siloMonitoring}/readyz");
        Assert.Equal(["database", "silo"], siloReady.Keys.Order());
        var gatewayReady = await Ready(http, "/readyz");
        Assert.Equal(["cluster", "database"], gatewayReady.Keys.Order());
        Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync($"http://127.0.0.1:{apiMonitoring}/readyz")).StatusCode);

        var queue = $"gauge-{Guid.NewGuid():N}"[..16];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody($$$"""{"type":"noop","queue":"{{{queue}}}","delay":"PT1H"}""") };
        request.Headers.Add("X-Correlation-Id", "json-log-check");
        var job = await (await http.SendAsync(request)).ReadJob();

        await Eventually.Until(async () => await monitor.GetStringAsync($"http://127.0.0.1:{siloMonitoring}/metrics"),
            t => t.Contains($"orchestrator_queue_depth{{queue=\"{queue}\",state=\"Scheduled\"}} 1", StringComparison.Ordinal)
                && t.Contains("orchestrator_silos_active 1", StringComparison.Ordinal),
            "the silo exports the queue depth and the active silos");

        // Cluster mode logs one JSON object per line, with the job's properties as fields.
        var line = await Eventually.Until(() => Task.FromResult(silo.Output.Split('\n').FirstOrDefault(l => l.Contains(job.Id.ToString(), StringComparison.Ordinal) && l.Contains("submitted", StringComparison.Ordinal))),
            l => l is not null, "the silo logs the submission");
        using var entry = JsonDocument.Parse(line!);
        var state = entry.RootElement.GetProperty("State");
        Assert.Equal(job.Id.ToString(), state.GetProperty("JobId").GetString());
        Assert.Equal("default", state.GetProperty("TenantId").GetString());
        Assert.Equal("json-log-check", state.GetProperty("CorrelationId").GetString());
        Assert.False(string.IsNullOrEmpty(state.GetProperty("Silo").GetString()));
    }

    [Fact]
    public async Task Readiness_Fails_WhilePostgreSqlIsStopped_AndReturns_WhenItIsBack()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var siloMonitoring = FreePort.Next();
        await topology.StartSiloAsync(settings: new Dictionary<string, string> { ["Orchestrator:Metrics:Port"] = siloMonitoring.ToString() });
        var apiMonitoring = FreePort.Next();
        var (_, http) = await topology.StartApiAsync(new Dictionary<string, string> { ["Orchestrator:Metrics:Port"] = apiMonitoring.ToString() });
        using var monitor = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var probes = new (string Who, HttpClient Http, string Url)[]
        {
            ("the silo's monitoring port", monitor, $"http://127.0.0.1:{siloMonitoring}/readyz"),
            ("the gateway's monitoring port", monitor, $"http://127.0.0.1:{apiMonitoring}/readyz"),
            ("the gateway's public port", http, "/readyz"),
        };
        foreach (var (who, client, url) in probes)
        {
            var ready = await ProbeAsync(client, url);
            Assert.True(ready.Status == HttpStatusCode.OK && ready.Database == "Healthy", $"{who} is ready before the outage: {ready}");
        }

        await PostgresServer.StopAsync();
        try
        {
            foreach (var (who, client, url) in probes)
            {
                await Eventually.Until(() => ProbeAsync(client, url), r => r.Status == HttpStatusCode.ServiceUnavailable && r.Database == "Unhealthy",
                    $"{who} answers 503 with the database check unhealthy while PostgreSQL is stopped", TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            await PostgresServer.StartAsync();
        }

        foreach (var (who, client, url) in probes)
        {
            await Eventually.Until(() => ProbeAsync(client, url), r => r.Status == HttpStatusCode.OK && r.Database == "Healthy",
                $"{who} is ready again once PostgreSQL is back", TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>One answer of <c>/readyz</c>: its status, the database check's status, and the body for failure messages.</summary>
    private sealed record Readiness(HttpStatusCode? Status, string? Database, string Body);

    private static async Task<Readiness> ProbeAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            using var report = JsonDocument.Parse(body);
            var database = report.RootElement.GetProperty("checks").TryGetProperty("database", out var check) ? check.GetProperty("status").GetString() : null;
            return new Readiness(response.StatusCode, database, body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new Readiness(null, null, e.Message);
        }
    }

    private static async Task<Dictionary<string, string>> Ready(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadElement();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        return report.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!);
    }
}
