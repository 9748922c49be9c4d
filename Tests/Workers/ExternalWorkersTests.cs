using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Workers;

/// <summary>A gateway whose leases expire after 3 s, so a silent worker's jobs come back quickly (heartbeats every 0.5 s leave 2.5 s of slack on a loaded machine).</summary>
public sealed class ShortLeaseApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Workers:LeaseDuration"] = "00:00:03",
    };
}

/// <summary>External workers over HTTP: registration, leases, heartbeats, reports, expiry, long poll, drain.</summary>
public sealed class ExternalWorkersTests(ShortLeaseApiFactory factory, ITestOutputHelper output) : IClassFixture<ShortLeaseApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private WorkerCalls Calls => new(_http);

    private static string Queue() => WorkerCalls.Queue();

    private Task<string> RegisterAsync(string name, params string[] queues) => Calls.RegisterAsync(name, queues);

    private Task<List<JsonElement>> LeaseAsync(string worker, string queue, int max = 10, string wait = "PT0S") => Calls.LeaseAsync(worker, queue, max, wait);

    private Task<HttpResponseMessage> CompleteAsync(JsonElement leased, object result) => Calls.CompleteAsync(leased, result);

    private Task<Guid> SubmitAsync(string queue, string type = "ext-task", string extra = "") => Calls.SubmitAsync(queue, type, extra);

    private Task<JsonElement> JobAsync(Guid id) => Calls.JobAsync(id);

    [Fact]
    public async Task TwoWorkers_OneThousandJobs_EachCompletedExactlyOnce_NeverLeasedToBoth()
    {
        var queue = Queue();
        var batch = string.Join(",", Enumerable.Range(0, 1000).Select(i => $$$"""{"type":"ext-task","queue":"{{{queue}}}","payload":{"i":{{{i}}}}}"""));
        var submitted = await _http.PostAsync("/v1/jobs/batch", JsonBody($$"""{"jobs":[{{batch}}]}"""));
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var ids = (await submitted.ReadElement()).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Equal(1000, ids.Count);

        var leasedBy = new ConcurrentDictionary<Guid, ConcurrentBag<string>>();
        var completions = new ConcurrentDictionary<Guid, int>();
        async Task RunWorker(string name)
        {
            var worker = await RegisterAsync(name, queue);
            var idle = 0;
            while (idle < 3)
            {
                var jobs = await LeaseAsync(worker, queue, max: 25, wait: "PT1S");
                idle = jobs.Count == 0 ? idle + 1 : 0;
                foreach (var leased in jobs)
                {
                    leasedBy.GetOrAdd(leased.GetProperty("id").GetGuid(), _ => []).Add(name);
                    var done = await CompleteAsync(leased, new { by = name, i = leased.GetProperty("payload").GetProperty("i").GetInt32() });
                    Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
                    completions.AddOrUpdate(leased.GetProperty("id").GetGuid(), 1, (_, n) => n + 1);
                }
            }
        }
        await Task.WhenAll(RunWorker("alpha"), RunWorker("beta"));

        Assert.Equal(ids, leasedBy.Keys.ToHashSet());
        Assert.All(leasedBy, l => Assert.Single(l.Value));
        Assert.True(leasedBy.Values.Count(v => v.Single() == "alpha") > 0 && leasedBy.Values.Count(v => v.Single() == "beta") > 0, "both workers took jobs");
        Assert.Equal(ids, completions.Keys.ToHashSet());
        Assert.All(completions, c => Assert.True(c.Value == 1, $"job {c.Key} was completed {c.Value} times"));

        // Every job, as stored: succeeded in its one attempt, with the result of the worker that leased it.
        var payloadIndex = new ConcurrentDictionary<Guid, int>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
        {
            var job = await JobAsync(id);
            Assert.True(job.GetProperty("status").GetString() == "Succeeded", $"job {id}: {job.GetProperty("status").GetString()}");
            Assert.Equal(1, job.GetProperty("attempts").GetArrayLength());
            Assert.Equal(1, job.GetProperty("attempt").GetInt32());
            var result = job.GetProperty("result");
            Assert.Equal(leasedBy[id].Single(), result.GetProperty("by").GetString());
            Assert.Equal(job.GetProperty("payload").GetProperty("i").GetInt32(), result.GetProperty("i").GetInt32());
            payloadIndex[id] = result.GetProperty("i").GetInt32();
        });
        Assert.Equal(Enumerable.Range(0, 1000), payloadIndex.Values.Order());
    }

    [Fact]
    public async Task ASilentWorkersLeases_Expire_TheJobsCompleteOnAnother_AndItsLateReportIs409()
    {
        var queue = Queue();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await SubmitAsync(queue));
        var dead = await RegisterAsync("dead", queue);
        var alive = await RegisterAsync("alive", queue);
        var taken = await LeaseAsync(dead, queue, max: 10);
        Assert.Equal(ids.ToHashSet(), taken.Select(j => j.GetProperty("id").GetGuid()).ToHashSet());
        Assert.Empty(await LeaseAsync(alive, queue)); // leased to one worker at a time

        // "dead" never heartbeats: after the lease the jobs return, attempt counted, and "alive" completes them.
        var retaken = new List<JsonElement>();
        await Eventually.Until(async () => { retaken.AddRange(await LeaseAsync(alive, queue, max: 10, wait: "PT3S")); return retaken.Count; },
            n => n == 3, "the expired jobs leased again", TimeSpan.FromSeconds(30));
        Assert.All(retaken, j => Assert.Equal(2, j.GetProperty("attempt").GetInt32()));
        foreach (var leased in retaken) Assert.Equal(HttpStatusCode.OK, (await CompleteAsync(leased, new { by = "alive" })).StatusCode);

        var late = await CompleteAsync(taken[0], new { by = "dead" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("/problems/lease-conflict", (await late.ReadElement()).GetProperty("type").GetString());
        foreach (var id in ids)
        {
            var job = await JobAsync(id);
            Assert.Equal("Succeeded", job.GetProperty("status").GetString());
            Assert.Equal("alive", job.GetProperty("result").GetProperty("by").GetString());
            Assert.StartsWith("lease expired", job.GetProperty("attempts")[0].GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Heartbeats_ExtendTheLease_AndCarryProgressAndLogs_AWrongTokenIs409()
    {
        var queue = Queue();
        var id = await SubmitAsync(queue);
        var worker = await RegisterAsync("beating", queue);
        var leased = (await LeaseAsync(worker, queue)).Single();
        var token = leased.GetProperty("leaseToken").GetString();

        // Heartbeats every 0.5 s for well past the 3 s lease keep it.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var beats = 0;
        while (DateTime.UtcNow < until)
        {
            var beat = await _http.PostAsync($"/v1/jobs/{id}/heartbeat", JsonBody(JsonSerializer.Serialize(new { leaseToken = token, progress = ++beats * 10, lines = new[] { $"beat {beats}" } })));
            Assert.True(beat.StatusCode == HttpStatusCode.OK, await beat.Content.ReadAsStringAsync());
            await Task.Delay(500);
        }
        var wrong = await _http.PostAsync($"/v1/jobs/{id}/heartbeat", JsonBody("""{"leaseToken":"not-the-token"}"""));
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);

        var logs = await (await _http.GetAsync($"/v1/jobs/{id}/logs")).ReadElement();
        var attempt = logs.GetProperty("attempts")[0];
        Assert.Equal(Math.Min(beats * 10, 100), attempt.GetProperty("progress").GetInt32());
        Assert.Equal(beats, attempt.GetProperty("lines").GetArrayLength());

        var failed = await _http.PostAsync($"/v1/jobs/{id}/fail", JsonBody(JsonSerializer.Serialize(new { leaseToken = token, error = "bad input file", retryable = false })));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var job = await JobAsync(id);
        Assert.Equal("DeadLettered", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/v1/jobs/{id}/fail", JsonBody(JsonSerializer.Serialize(new { leaseToken = token, error = "again" })))).StatusCode);
    }

    [Fact]
    public async Task ALongPoll_ReturnsWhenAJobArrives_AndEmptyAfterItsWait()
    {
        var queue = Queue();
        var worker = await RegisterAsync("poller", queue);

        var clock = Stopwatch.StartNew();
        var poll = LeaseAsync(worker, queue, wait: "PT25S");
        await Task.Delay(300); // let the poll start waiting
        var submittedAt = clock.Elapsed;
        var id = await SubmitAsync(queue);
        var jobs = await poll;
        output.WriteLine($"long poll: job leased {(clock.Elapsed - submittedAt).TotalMilliseconds:0} ms after its submission");
        Assert.Equal(id, jobs.Single().GetProperty("id").GetGuid());

        // Nothing else arrives: the poll answers empty, and not before its wait is over.
        var wait = TimeSpan.FromSeconds(2);
        var emptyClock = Stopwatch.StartNew();
        Assert.Empty(await LeaseAsync(worker, queue, wait: "PT2S"));
        output.WriteLine($"long poll: empty after {emptyClock.Elapsed.TotalMilliseconds:0} ms (wait {wait.TotalMilliseconds:0} ms)");
        Assert.True(emptyClock.Elapsed >= wait * 0.95, $"an empty poll returned after {emptyClock.Elapsed.TotalMilliseconds:0} ms, before its {wait.TotalMilliseconds:0} ms wait");
    }

    [Fact]
    public async Task Workers_AreListed_WithState_AndADrainingWorkerGetsNoJobs()
    {
        var queue = Queue();
        var worker = await RegisterAsync("drainer", queue);
        var id = await SubmitAsync(queue);
        var leased = (await LeaseAsync(worker, queue)).Single();

        var listed = (await (await _http.GetAsync("/v1/workers")).ReadElement()).GetProperty("items").EnumerateArray()
            .Single(w => w.GetProperty("id").GetString() == worker);
        Assert.Equal("Active", listed.GetProperty("state").GetString());
        Assert.Equal(id, listed.GetProperty("currentJobs").EnumerateArray().Single().GetGuid());
        Assert.Equal(queue, listed.GetProperty("registration").GetProperty("queues")[0].GetString());

        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/v1/workers/{worker}/drain", JsonBody("{}"))).StatusCode);
        await SubmitAsync(queue);
        var response = await (await _http.PostAsync($"/v1/workers/{worker}/lease", JsonBody($$"""{"queues":["{{queue}}"]}"""))).ReadElement();
        Assert.True(response.GetProperty("draining").GetBoolean());
        Assert.Empty(response.GetProperty("jobs").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await CompleteAsync(leased, new { })).StatusCode); // work in hand still finishes
        Assert.Equal("Draining", (await (await _http.GetAsync("/v1/workers")).ReadElement()).GetProperty("items").EnumerateArray()
            .Single(w => w.GetProperty("id").GetString() == worker).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AnExternalQueue_SendsEvenBuiltInTypesToWorkers()
    {
        var queue = Queue();
        Assert.Equal(HttpStatusCode.OK, (await _http.PatchAsync($"/v1/queues/{queue}", JsonBody("""{"external":true}"""))).StatusCode);
        var id = await SubmitAsync(queue, type: "noop");
        var worker = await RegisterAsync("for-noop", queue);
        var leased = (await LeaseAsync(worker, queue, wait: "PT5S")).Single();
        Assert.Equal(id, leased.GetProperty("id").GetGuid());
        Assert.Equal("noop", leased.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await CompleteAsync(leased, new { ranBy = "worker" })).StatusCode);
        Assert.Equal("worker", (await JobAsync(id)).GetProperty("result").GetProperty("ranBy").GetString());
    }

    [Theory]
    [InlineData("/v1/workers", """{"queues":["q"]}""", "name")]
    [InlineData("/v1/workers", """{"name":"w","queues":[]}""", "queues")]
    [InlineData("/v1/workers", """{"name":"w","concurrency":0}""", "concurrency")]
    public async Task BadRegistrations_Are400(string path, string json, string field)
    {
        var response = await _http.PostAsync(path, JsonBody(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadElement()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task BadLeaseCalls_Are400_AndAnUnknownWorkerIs404()
    {
        var worker = await RegisterAsync("picky", "q");
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync($"/v1/workers/{worker}/lease", JsonBody("""{"max":101}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync($"/v1/workers/{worker}/lease", JsonBody("""{"wait":"PT31S"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync("/v1/workers/w_nope/lease", JsonBody("{}"))).StatusCode);
    }

    [Fact]
    public async Task AWorkerKey_LeasesAndReports_ButReadsNothingElse()
    {
        var owner = (await Tenancy.LoginAsync(factory.CreateAnonymousClient(), (await Tenancy.RegisterAsync(factory.CreateAnonymousClient())).OwnerEmail)).Access;
        var manager = factory.CreateAnonymousClient();
        manager.DefaultRequestHeaders.Authorization = new("Bearer", owner);
        var (key, _) = await Tenancy.CreateApiKeyAsync(manager, role: "worker");
        var workerHttp = factory.CreateAnonymousClient().WithApiKey(key);

        var queue = Queue();
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsync("/v1/jobs", JsonBody($$"""{"type":"ext-task","queue":"{{queue}}"}"""))).StatusCode);
        var registered = await workerHttp.PostAsync("/v1/workers", JsonBody($$"""{"name":"keyed","queues":["{{queue}}"]}"""));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var worker = (await registered.ReadElement()).GetProperty("id").GetString();
        var leased = (await (await workerHttp.PostAsync($"/v1/workers/{worker}/lease", JsonBody("{}"))).ReadElement()).GetProperty("jobs").EnumerateArray().Single();
        var done = await workerHttp.PostAsync($"/v1/jobs/{leased.GetProperty("id").GetGuid()}/complete",
            JsonBody(JsonSerializer.Serialize(new { leaseToken = leased.GetProperty("leaseToken").GetString() })));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await workerHttp.GetAsync("/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await workerHttp.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
    }
}
