using System.Net;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Workers;

/// <summary>
/// A queue's live settings hold for external workers as for the silos: a paused queue leases nothing, a concurrency
/// limit bounds the leases held at once (a slot comes back when an attempt completes, fails, expires or is cancelled),
/// and a rate limit bounds lease starts.
/// </summary>
public sealed class ExternalQueueLimitsTests(ShortLeaseApiFactory factory, ITestOutputHelper output) : IClassFixture<ShortLeaseApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private WorkerCalls Calls => new(_http);

    private async Task PatchAsync(string queue, string json)
    {
        var response = await _http.PatchAsync($"/v1/queues/{queue}", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<Guid>> SubmitManyAsync(string queue, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add(await Calls.SubmitAsync(queue));
        return ids;
    }

    [Fact]
    public async Task ConcurrencyLimit2_AWorkerAskingForTen_HoldsAtMostTwo_AndEachEndedAttemptFreesASlot()
    {
        var queue = WorkerCalls.Queue();
        await PatchAsync(queue, """{"concurrencyLimit":2}""");
        await SubmitManyAsync(queue, 6);
        var worker = await Calls.RegisterAsync("greedy", queue);
        var other = await Calls.RegisterAsync("second", queue);

        var held = await Calls.LeaseAsync(worker, queue, max: 10);
        Assert.Equal(2, held.Count);
        Assert.Empty(await Calls.LeaseAsync(worker, queue, max: 10));
        Assert.Empty(await Calls.LeaseAsync(other, queue, max: 10)); // the limit is the queue's, not the worker's

        // Completing one frees one slot, and only one.
        Assert.Equal(HttpStatusCode.OK, (await Calls.CompleteAsync(held[0], new { })).StatusCode);
        var next = await Calls.LeaseAsync(worker, queue, max: 10);
        Assert.Single(next);
        held = [held[1], next[0]];

        // So does a failure (not retryable: the job is done with).
        Assert.Equal(HttpStatusCode.OK, (await Calls.FailAsync(held[0], "bad input", retryable: false)).StatusCode);
        next = await Calls.LeaseAsync(other, queue, max: 10);
        Assert.Single(next);
        held = [held[1], next[0]];

        // And a cancel of a leased job.
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/v1/jobs/{WorkerCalls.IdOf(held[0])}/cancel", JsonBody("{}"))).StatusCode);
        next = await Calls.LeaseAsync(worker, queue, max: 10);
        Assert.Single(next);
        held = [held[1], next[0]];
        Assert.Empty(await Calls.LeaseAsync(worker, queue, max: 10));

        // Leases nobody renews expire (3 s here): their slots come back, and still no call gets more than two.
        var retaken = new List<JsonElement>();
        await Eventually.Until(async () =>
        {
            var leased = await Calls.LeaseAsync(other, queue, max: 10, wait: "PT3S");
            Assert.InRange(leased.Count, 0, 2);
            retaken.AddRange(leased);
            return retaken.Count;
        }, n => n >= 2, "two leases after the held ones expired", TimeSpan.FromSeconds(30));
        foreach (var leased in retaken) await Calls.CompleteAsync(leased, new { }); // one may have expired meanwhile on a slow machine (409)
    }

    [Fact]
    public async Task APausedExternalQueue_LeasesNothing_AndItsJobsComeAfterTheResume()
    {
        var queue = WorkerCalls.Queue();
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/v1/queues/{queue}/pause", JsonBody("{}"))).StatusCode);
        var ids = await SubmitManyAsync(queue, 3);
        var worker = await Calls.RegisterAsync("patient", queue);

        Assert.Empty(await Calls.LeaseAsync(worker, queue, max: 10));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Empty(await Calls.LeaseAsync(worker, queue, max: 10, wait: "PT2S")); // a long poll on a paused queue waits its wait out, empty
        output.WriteLine($"paused long poll answered empty after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"the paused poll answered after {clock.Elapsed.TotalMilliseconds:0} ms, before its 2 s wait");
        foreach (var id in ids) Assert.Equal("Queued", (await Calls.JobAsync(id)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/v1/queues/{queue}/resume", JsonBody("{}"))).StatusCode);
        var leased = await Calls.LeaseAsync(worker, queue, max: 10, wait: "PT5S");
        Assert.Equal(ids.ToHashSet(), leased.Select(WorkerCalls.IdOf).ToHashSet());
        foreach (var job in leased) Assert.Equal(HttpStatusCode.OK, (await Calls.CompleteAsync(job, new { })).StatusCode);
    }

    [Fact]
    public async Task ARateLimitedExternalQueue_StartsNoMoreThanItsBurstAtOnce()
    {
        var queue = WorkerCalls.Queue();
        await PatchAsync(queue, """{"rateLimit":2}""");
        var ids = await SubmitManyAsync(queue, 5);
        var worker = await Calls.RegisterAsync("rated", queue);

        // A full bucket holds one second's worth (2): the first call gets exactly that, the rest follow as it refills.
        var first = await Calls.LeaseAsync(worker, queue, max: 10);
        Assert.Equal(2, first.Count);
        var all = new List<JsonElement>(first);
        await Eventually.Until(async () => { all.AddRange(await Calls.LeaseAsync(worker, queue, max: 10, wait: "PT2S")); return all.Count; },
            n => n == ids.Count, "every job leased as the bucket refills", TimeSpan.FromSeconds(30));
        Assert.Equal(ids.ToHashSet(), all.Select(WorkerCalls.IdOf).ToHashSet());
        foreach (var job in all) Assert.Equal(HttpStatusCode.OK, (await Calls.CompleteAsync(job, new { })).StatusCode);
    }
}
