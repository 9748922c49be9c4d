using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>
/// The production shape as real processes (silos, gateways, PostgreSQL), broken on purpose: a silo killed with
/// kill -9, every silo restarted, the database stopped. Nothing acknowledged may be lost.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailureTests(ITestOutputHelper output)
{
    private static readonly string[] Terminal = ["Succeeded", "DeadLettered", "Cancelled"];

    /// <summary>One submission per category, tagged with the category so the database can be asked per category.</summary>
    private static string Job(string category, Random random) => category switch
    {
        "noop" => """{"type":"noop","tags":["noop"]}""",
        "delayed" => $$$"""{"type":"noop","delay":{{{random.Next(2000, 20000) / 1000.0}}},"tags":["delayed"]}""",
        "flaky" => """{"type":"shell","payload":{"command":"sh","args":["-c","test \"$ORCHESTRATOR_ATTEMPT\" -gt 2"]},"maxAttempts":6,"backoff":{"initial":0.2,"max":1,"jitter":"none"},"tags":["flaky"]}""",
        "fail" => """{"type":"shell","payload":{"command":"sh","args":["-c","exit 1"]},"maxAttempts":2,"backoff":{"initial":0.2,"max":1,"jitter":"none"},"tags":["fail"]}""",
        "sleep" => """{"type":"shell","payload":{"command":"sleep","args":["1"]},"tags":["sleep"]}""",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    private static async Task SubmitBatchesAsync(HttpClient http, IReadOnlyList<string> jobs)
    {
        foreach (var chunk in jobs.Chunk(1000))
        {
            var response = await http.PostAsync("/v1/jobs/batch", JsonBody($$"""{"jobs":[{{string.Join(",", chunk)}}]}"""));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static Task<long> CountNotTerminal(PostgresDatabase db) =>
        db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status NOT IN ('Succeeded','DeadLettered','Cancelled')");

    /// <summary>Waits for every job to end; on timeout the failure names the stuck jobs, their reasons, wake-ups and owners.</summary>
    private static async Task WaitAllTerminal(PostgresDatabase db, string step, TimeSpan timeout)
    {
        try
        {
            await Eventually.Until(() => CountNotTerminal(db), n => n == 0, step, timeout);
        }
        catch (TimeoutException e)
        {
            var stuck = await db.RowsAsync("""
                SELECT j.job_id, j.tags[1], j.status, j.last_error, j.attempt, j.updated_at, j.wake_at, j.owner
                FROM jobs j WHERE j.status NOT IN ('Succeeded','DeadLettered','Cancelled') LIMIT 20
                """);
            throw new TimeoutException($"{e.Message}\nStuck: {string.Join("\n", stuck.Select(r => string.Join(" | ", r)))}\n{await StatusReport(db)}");
        }
    }

    private static async Task<string> StatusReport(PostgresDatabase db) =>
        string.Join(", ", (await db.RowsAsync("SELECT tags[1], status, count(*) FROM jobs GROUP BY 1, 2 ORDER BY 1, 2")).Select(r => $"{r[0]}/{r[1]}={r[2]}"));

    [Fact]
    public async Task KillingOneOfThreeSilos_LosesNoJob_AndEachEndsOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var silos = new[] { await topology.StartSiloAsync(), await topology.StartSiloAsync(), await topology.StartSiloAsync() };
        var (_, http) = await topology.StartApiAsync();

        var random = new Random(7);
        var plan = new (string Category, int Count)[] { ("noop", 1000), ("delayed", 400), ("flaky", 200), ("fail", 100), ("sleep", 300) };
        var jobs = plan.SelectMany(p => Enumerable.Range(0, p.Count).Select(_ => Job(p.Category, random))).OrderBy(_ => random.Next()).ToList();
        await SubmitBatchesAsync(http, jobs);
        Assert.Equal(2000L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs"));

        await Eventually.Until(() => db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'Running'"), n => n > 0, "some jobs are running before the kill");
        silos[1].Process.KillHard();
        var killedAt = Stopwatch.StartNew();

        await WaitAllTerminal(db, "every job reaches a terminal state after the kill", TimeSpan.FromSeconds(150));
        output.WriteLine($"All 2,000 jobs terminal {killedAt.Elapsed.TotalSeconds:0.0} s after kill -9 of one of three silos. {await StatusReport(db)}");

        Assert.Equal(2000L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        var expected = new Dictionary<string, string> { ["noop"] = "Succeeded", ["delayed"] = "Succeeded", ["flaky"] = "Succeeded", ["fail"] = "DeadLettered", ["sleep"] = "Succeeded" };
        foreach (var (category, status) in expected)
        {
            var wrong = await db.ScalarAsync<long>($"SELECT count(*) FROM jobs WHERE tags[1] = '{category}' AND status <> '{status}'");
            Assert.True(wrong == 0, $"{wrong} '{category}' jobs did not end {status}: {await StatusReport(db)}");
        }
        // Exactly one terminal outcome: one successful attempt per succeeded job, none for dead-lettered ones.
        Assert.Equal(0L, await db.ScalarAsync<long>("""
            SELECT count(*) FROM jobs j WHERE (SELECT count(*) FROM job_attempts a
              WHERE a.tenant_id = j.tenant_id AND a.job_id = j.job_id AND a.result = 'Succeeded') <> (CASE WHEN j.status = 'Succeeded' THEN 1 ELSE 0 END)
            """));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM job_attempts WHERE ended_at IS NULL"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE tags[1] = 'flaky' AND attempt < 3"));
        // Delayed jobs never start early, wherever they ran.
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs j JOIN job_attempts a USING (tenant_id, job_id) WHERE a.started_at < j.run_at"));
        var lost = await db.ScalarAsync<long>("SELECT count(*) FROM job_attempts WHERE result = 'LeaseLost'");
        output.WriteLine($"Attempts recorded as lease lost (re-run elsewhere): {lost}");

        // Metering: every attempt counted once — the re-runs after the kill included, none twice — as each job's own
        // attempt count says; a dead letter per 'fail' job.
        var today = DateTime.UtcNow.Date;
        var usage = await (await http.GetAsync($"/v1/billing/usage?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")).ReadElement();
        var totals = usage.GetProperty("totals");
        Assert.Equal(2000L, totals.GetProperty("jobsAccepted").GetInt64());
        Assert.Equal(await db.ScalarAsync<long>("SELECT sum(attempt) FROM jobs"), totals.GetProperty("executions").GetInt64());
        Assert.Equal(await db.ScalarAsync<long>("SELECT sum(greatest(attempt - 1, 0)) FROM jobs"), totals.GetProperty("retries").GetInt64());
        Assert.Equal(100L, totals.GetProperty("deadLetters").GetInt64());
        Assert.Equal(2000L, totals.GetProperty("jobsRun").GetInt64());
    }

    [Fact]
    public async Task RestartingEverySilo_RunsEveryScheduledJob_NoneEarly()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        var silos = new[] { await topology.StartSiloAsync(), await topology.StartSiloAsync() };
        var (_, http) = await topology.StartApiAsync();

        var random = new Random(11);
        await SubmitBatchesAsync(http, Enumerable.Range(0, 300)
            .Select(_ => $$"""{"type":"noop","delay":{{random.Next(20000, 40000) / 1000.0}},"tags":["restart"]}""").ToList());
        Assert.Equal(300L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'Scheduled'"));

        foreach (var silo in silos) Assert.True(await silo.Process.TerminateAsync(TimeSpan.FromSeconds(30)), "silo stops on SIGTERM");
        Assert.Equal(300L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'Scheduled'"));
        foreach (var silo in silos) await topology.StartSiloAsync(silo.SiloPort, silo.GatewayPort);

        await WaitAllTerminal(db, "every scheduled job runs after the restart", TimeSpan.FromSeconds(90));
        Assert.Equal(300L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'Succeeded'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs j JOIN job_attempts a USING (tenant_id, job_id) WHERE a.started_at < j.run_at"));
        var lateness = await db.RowsAsync("""
            SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99, 1.0]) WITHIN GROUP (ORDER BY extract(epoch FROM a.started_at - j.run_at) * 1000)
            FROM jobs j JOIN job_attempts a USING (tenant_id, job_id)
            """);
        var p = (double[])lateness[0][0];
        output.WriteLine($"Lateness after a full restart (ms): p50 {p[0]:0}, p95 {p[1]:0}, p99 {p[2]:0}, max {p[3]:0}");
    }

    [Fact]
    public async Task DatabaseOutage_Answers503_AndEverythingCompletesAfterwards()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        await topology.StartSiloAsync();
        await topology.StartSiloAsync();
        var (_, http) = await topology.StartApiAsync();

        var random = new Random(3);
        await SubmitBatchesAsync(http, Enumerable.Range(0, 200).Select(i => i % 4 == 0
            ? """{"type":"shell","payload":{"command":"sleep","args":["0.5"]},"tags":["outage"]}"""
            : $$"""{"type":"noop","delay":{{random.Next(500, 15000) / 1000.0}},"tags":["outage"]}""").ToList());

        var outage = Stopwatch.StartNew();
        await PostgresServer.StopAsync();
        try
        {
            var answers = new List<HttpStatusCode>();
            while (outage.Elapsed < TimeSpan.FromSeconds(10))
            {
                var response = await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","tags":["during-outage"]}"""));
                answers.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.NotNull(response.Headers.RetryAfter);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
                await Task.Delay(500);
            }
            output.WriteLine($"Answers during the outage: {string.Join(", ", answers.GroupBy(a => a).Select(g => $"{(int)g.Key}×{g.Count()}"))}");
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a));
        }
        finally
        {
            await PostgresServer.StartAsync();
        }

        var recovery = Stopwatch.StartNew();
        await WaitAllTerminal(db, "every job completes after the database returns", TimeSpan.FromSeconds(90));
        output.WriteLine($"All jobs terminal {recovery.Elapsed.TotalSeconds:0.0} s after the database came back. {await StatusReport(db)}");
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE tags[1] = 'outage' AND status = 'Succeeded'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE tags[1] = 'during-outage'"));

        // And the cluster takes new work again.
        var after = await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task TwoGateways_SeeTheSameJobs()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        await topology.StartSiloAsync();
        var (_, first) = await topology.StartApiAsync();
        var (_, second) = await topology.StartApiAsync();

        var created = await (await first.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","payload":{"via":"first"}}"""))).ReadJob();
        var seen = await Eventually.Until(async () => await (await second.GetAsync($"/v1/jobs/{created.Id}")).ReadJob(),
            j => j.Status == Grains.Interfaces.Jobs.JobStatus.Succeeded, $"job {created.Id} read through the second gateway");
        Assert.Equal("first", seen.Payload.GetProperty("via").GetString());
        var list = await (await second.GetAsync("/v1/jobs?limit=10")).Content.ReadAsStringAsync();
        Assert.Contains(created.Id.ToString(), list);
    }
}
