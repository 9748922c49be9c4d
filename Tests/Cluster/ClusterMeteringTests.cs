using System.Net;
using System.Text.RegularExpressions;
using Orchestrator.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>
/// Metering in the production shape (two silo processes, a gateway, PostgreSQL) with a silo killed mid-run: jobs
/// whose failures are known in advance are metered exactly, the kill's re-runs counted once each, and
/// <c>usage_daily</c> holds those figures by the periodic flush alone, with no usage read. A plan change is mirrored
/// to <c>subscriptions</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ClusterMeteringTests(ITestOutputHelper output)
{
    private const string Tenant = TestAuth.DefaultTenant;

    /// <summary>A shell job failing its first <paramref name="failures"/> attempts (by attempt number), tagged with that number.</summary>
    private static string Flaky(int failures) =>
        $$"""{"type":"shell","payload":{"command":"sh","args":["-c","sleep 0.5; test \"$ORCHESTRATOR_ATTEMPT\" -gt {{failures}}"]},"maxAttempts":10,"backoff":{"initial":0.2,"max":0.2,"jitter":"none"},"tags":["fails:{{failures}}"]}""";

    [Fact]
    public async Task KnownRetries_AndTheKillsReRuns_AreMeteredExactly_IntoUsageDailyWithoutARead()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var monitoring = new[] { FreePort.Next(), FreePort.Next() };
        var silos = new List<(ProcessHost Process, int SiloPort, int GatewayPort)>();
        foreach (var port in monitoring)
        {
            silos.Add(await topology.StartSiloAsync(settings: new Dictionary<string, string>
            {
                ["Orchestrator:Metrics:Port"] = port.ToString(),
                ["Orchestrator:Billing:UsageFlushPeriod"] = "00:00:01",
            }));
        }
        // Both silos must see each other before work arrives, or one may place every job on itself and the kill hit none.
        using var monitor = new HttpClient();
        foreach (var port in monitoring)
        {
            await Eventually.Until(() => monitor.GetStringAsync($"http://127.0.0.1:{port}/metrics"),
                t => t.Contains("orchestrator_silos_active 2", StringComparison.Ordinal), $"the silo with monitoring port {port} sees two active silos", TimeSpan.FromSeconds(60));
        }
        var (_, http) = await topology.StartApiAsync();

        // 40 jobs each failing 0, 1, 2 and 3 times: 160 jobs, 240 known failures, 400 known attempts.
        var known = Enumerable.Range(0, 160).Select(i => i % 4).ToArray();
        var response = await http.PostAsync("/v1/jobs/batch", JsonBody($$"""{"jobs":[{{string.Join(",", known.Select(Flaky))}}]}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // Kill whichever silo is running attempts (placement decides where the jobs went), by its port in the attempt rows.
        async Task<int> RunningOn(int siloPort) => (int)await db.ScalarAsync<long>(
            $"SELECT count(*) FROM job_attempts WHERE ended_at IS NULL AND silo ~ ':{siloPort}([^0-9]|$)'");
        var victim = await Eventually.Until(async () =>
            {
                foreach (var silo in silos)
                {
                    if (await RunningOn(silo.SiloPort) >= 5) return silo;
                }
                return default;
            }, s => s.Process is not null, "a silo is running attempts", describe: _ => "none yet");
        victim.Process.KillHard();

        await Eventually.Until(() => db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status <> 'Succeeded'"), n => n == 0,
            "every job succeeds after the kill", TimeSpan.FromSeconds(60));

        // A lost attempt numbered within a job's failing ones took that failure's place; one numbered after them is an extra run.
        var lost = await db.RowsAsync("""
            SELECT j.tags[1], a.attempt FROM job_attempts a JOIN jobs j USING (tenant_id, job_id) WHERE a.result = 'LeaseLost'
            """);
        var lostInPlaceOfAFailure = lost.Count(r => (int)r[1] <= FailuresOf((string)r[0]));
        var lostReRuns = lost.Count - lostInPlaceOfAFailure;
        output.WriteLine($"Attempts lost with the killed silo: {lost.Count} ({lostInPlaceOfAFailure} in place of a failure, {lostReRuns} re-runs)");
        Assert.True(lost.Count > 0, "the kill cost some running attempts their lease");

        var executions = known.Sum(k => k + 1) + lostReRuns;
        var failures = known.Sum() - lostInPlaceOfAFailure;
        long[] expected = [known.Length, executions, executions - known.Length, failures, 0];

        // Nobody reads usage: the flush alone brings usage_daily to the exact figures.
        const string Daily = $"""
            SELECT coalesce(sum(jobs_accepted), 0), coalesce(sum(executions), 0), coalesce(sum(retries), 0), coalesce(sum(failures), 0),
                   coalesce(sum(dead_letters), 0) FROM usage_daily WHERE tenant_id = '{Tenant}'
            """;
        await Eventually.Until(async () => (await db.RowsAsync(Daily))[0].Select(v => Convert.ToInt64(v)).ToArray(), d => d.SequenceEqual(expected),
            $"usage_daily holds accepted/executions/retries/failures/dead letters {string.Join("/", expected)}", TimeSpan.FromSeconds(30), d => string.Join("/", d));

        var today = DateTime.UtcNow.Date;
        var totals = (await (await http.GetAsync($"/v1/billing/usage?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")).ReadElement()).GetProperty("totals");
        Assert.Equal(expected, new[] { "jobsAccepted", "executions", "retries", "failures", "deadLetters" }.Select(p => totals.GetProperty(p).GetInt64()).ToArray());
        Assert.Equal(known.Length, totals.GetProperty("jobsRun").GetInt64());

        // A plan change writes the subscriptions mirror: the previous subscription ends where the new one starts.
        var admin = new HttpClient { BaseAddress = http.BaseAddress }.WithBearer(await Tenancy.AdminLoginAsync(new HttpClient { BaseAddress = http.BaseAddress }));
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{Tenant}/subscription", JsonBody("""{"plan":"pro"}"""))).StatusCode);
        var subscriptions = await db.RowsAsync($"SELECT plan, ends_at FROM subscriptions WHERE tenant_id = '{Tenant}' ORDER BY starts_at");
        Assert.Equal("pro", (string)subscriptions[^1][0]);
        Assert.Equal(DBNull.Value, subscriptions[^1][1]);
        Assert.True(subscriptions.Count >= 2 && subscriptions[^2][1] is DateTime, $"the previous subscription ended: {string.Join("; ", subscriptions.Select(r => string.Join(",", r)))}");
    }

    private static int FailuresOf(string tag) => int.Parse(FailuresTag().Match(tag).Groups[1].Value);

    [GeneratedRegex("^fails:([0-9]+)$")]
    private static partial Regex FailuresTag();
}
