using System.Net;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Workers;

/// <summary>
/// External attempts follow the built-in handlers' rules: an expired lease or a retryable failure waits out the job's
/// backoff and counts against its attempts (then the DLQ), and leases go by priority, then due time.
/// </summary>
public sealed class LeaseRulesTests(ShortLeaseApiFactory factory, ITestOutputHelper output) : IClassFixture<ShortLeaseApiFactory>
{
    private readonly WorkerCalls _calls = new(factory.CreateClient());

    private Task<JobResponse> UntilAsync(Guid id, Func<JobResponse, bool> condition, string step) =>
        Eventually.Until(() => _calls.TypedJobAsync(id), condition, $"job {id}: {step}", TimeSpan.FromSeconds(30),
            j => $"{j.Status} attempt {j.Attempt}: {j.StatusReason}");

    [Fact]
    public async Task ExpiredLeases_WaitOutTheBackoff_AndDeadLetterAtMaxAttempts()
    {
        var queue = WorkerCalls.Queue();
        var backoff = TimeSpan.FromSeconds(2);
        var id = await _calls.SubmitAsync(queue, extra: ""","maxAttempts":2,"backoff":{"initial":"PT2S","jitter":"none"}""");
        var worker = await _calls.RegisterAsync("silent", queue);
        Assert.Equal(id, WorkerCalls.IdOf((await _calls.LeaseAsync(worker, queue)).Single()));

        // No heartbeat: the 3 s lease expires, the attempt counts, and the job waits out its backoff (not re-queued at once).
        var retrying = await UntilAsync(id, j => j.Status != JobStatus.Running, "the first lease expires");
        Assert.Equal(JobStatus.Retrying, retrying.Status);
        Assert.StartsWith("lease expired", retrying.Attempts[0].Error);
        Assert.StartsWith("attempt 1: lease expired", retrying.StatusReason);
        Assert.Equal(retrying.Attempts[0].EndedAt + backoff, retrying.NextAttemptAt);

        var second = await Eventually.Until(() => _calls.LeaseAsync(worker, queue, wait: "PT3S"), l => l.Count == 1, "the job is leased again after its backoff", TimeSpan.FromSeconds(30));
        Assert.Equal(2, second[0].GetProperty("attempt").GetInt32());
        var leasedAgain = await _calls.TypedJobAsync(id);
        Assert.True(leasedAgain.Attempts[1].StartedAt >= retrying.NextAttemptAt, $"attempt 2 started {leasedAgain.Attempts[1].StartedAt:O}, before the backoff ended {retrying.NextAttemptAt:O}");

        // The second expiry uses the last attempt: dead-lettered, not re-queued.
        var dead = await UntilAsync(id, j => j.Status != JobStatus.Running, "the second lease expires");
        Assert.Equal(JobStatus.DeadLettered, dead.Status);
        Assert.Equal(2, dead.Attempts.Count);
        Assert.All(dead.Attempts, a => Assert.StartsWith("lease expired", a.Error));
        Assert.True(dead.Attempts[1].DeadLettered);
        Assert.Equal("attempt 2: lease expired and no attempts are left (2/2)", dead.StatusReason);
        Assert.Null(dead.NextAttemptAt);
        Assert.Equal(HttpStatusCode.Conflict, (await _calls.CompleteAsync(second[0], new { late = true })).StatusCode);
        Assert.Empty(await _calls.LeaseAsync(worker, queue));
    }

    [Fact]
    public async Task ARetryableFailure_GoesRetrying_ThenIsLeasedAgain()
    {
        var queue = WorkerCalls.Queue();
        var id = await _calls.SubmitAsync(queue, extra: ""","maxAttempts":3,"backoff":{"initial":"PT0.5S","jitter":"none"}""");
        var worker = await _calls.RegisterAsync("flaky", queue);
        var first = (await _calls.LeaseAsync(worker, queue)).Single();

        var failed = await _calls.FailAsync(first, "connection reset", retryable: true);
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var retrying = await failed.ReadJob();
        Assert.Equal(JobStatus.Retrying, retrying.Status);
        Assert.Equal("connection reset", retrying.Attempts[0].Error);
        Assert.Equal(retrying.Attempts[0].EndedAt + TimeSpan.FromSeconds(0.5), retrying.NextAttemptAt);

        var second = await Eventually.Until(() => _calls.LeaseAsync(worker, queue, wait: "PT3S"), l => l.Count == 1, "the failed job is leased again", TimeSpan.FromSeconds(30));
        Assert.Equal(id, WorkerCalls.IdOf(second[0]));
        Assert.Equal(2, second[0].GetProperty("attempt").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await _calls.CompleteAsync(second[0], new { ok = true })).StatusCode);
        var done = await _calls.TypedJobAsync(id);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempts.Count);
        Assert.True(done.Attempts[1].StartedAt >= retrying.NextAttemptAt, "the second attempt started after the backoff");
    }

    [Fact]
    public async Task Leases_GoByPriority_ThenDueTime_NotByWhenTheJobWasWritten()
    {
        var queue = WorkerCalls.Queue();
        var now = DateTimeOffset.UtcNow;
        // Submitted in an order that is neither the priority nor the due order; a past runAt is due at once.
        (string Name, int Priority, TimeSpan Ago)[] jobs =
        [
            ("low, due 1 min ago", 0, TimeSpan.FromMinutes(1)),
            ("high, due 2 min ago", 5, TimeSpan.FromMinutes(2)),
            ("low, due 10 min ago", 0, TimeSpan.FromMinutes(10)),
            ("high, due 30 s ago", 5, TimeSpan.FromSeconds(30)),
            ("low, due now", 0, TimeSpan.Zero),
            ("middle, due now", 1, TimeSpan.Zero),
        ];
        var names = new Dictionary<Guid, string>();
        foreach (var (name, priority, ago) in jobs)
        {
            var runAt = ago == TimeSpan.Zero ? "" : $",\"runAt\":\"{now - ago:O}\"";
            names[await _calls.SubmitAsync(queue, extra: $$""","priority":{{priority}}{{runAt}}""")] = name;
        }

        var worker = await _calls.RegisterAsync("orderly", queue);
        var order = new List<string>();
        for (var i = 0; i < jobs.Length; i++) order.Add(names[WorkerCalls.IdOf((await _calls.LeaseAsync(worker, queue, max: 1)).Single())]);
        output.WriteLine(string.Join("\n", order));
        Assert.Equal(["high, due 2 min ago", "high, due 30 s ago", "middle, due now", "low, due 10 min ago", "low, due 1 min ago", "low, due now"], order);
    }
}
