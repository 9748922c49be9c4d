using System.Net.Http.Json;
using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>Submits jobs one request each, <c>CONCURRENCY</c> in flight, through the grain client or HTTP.</summary>
public static class Submitter
{
    /// <summary>The job every throughput-style run submits: no handler work, so what is measured is the orchestrator.</summary>
    public static readonly JobSpec Noop = new() { Type = "noop", CorrelationId = "bench" };

    /// <summary>Runs <paramref name="count"/> no-op jobs to the end before a measurement (JIT, pools, caches), not measured.</summary>
    public static async Task WarmUpAsync(IBenchTarget target, int count, int concurrency)
    {
        await SubmitAsync(target, count, concurrency, _ => Noop);
        await WaitForSucceededAsync(target, count, TimeSpan.FromMinutes(5));
    }

    public static async Task<IReadOnlyList<Guid>> SubmitAsync(IBenchTarget target, int count, int concurrency, Func<int, JobSpec> spec)
    {
        var ids = new Guid[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var job = spec(i);
            if (target.Http is { } http)
            {
                var body = new Dictionary<string, object?> { ["type"] = job.Type };
                if (job.RunAt is { } runAt) body["runAt"] = runAt.ToString("O");
                using var response = await http.PostAsJsonAsync("/v1/jobs", body);
                response.EnsureSuccessStatusCode();
                ids[i] = (await response.Content.ReadFromJsonAsync<IdOnly>(Json.Options))!.Id;
            }
            else
            {
                var id = JobIds.New();
                await target.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id)).Submit(job);
                ids[i] = id;
            }
        });
        return ids;
    }

    /// <summary>Polls the status counts (<see cref="CompletionPoll"/>) until <paramref name="succeeded"/> jobs have succeeded; returns when that was seen.</summary>
    public static async Task WaitForSucceededAsync(IBenchTarget target, long succeeded, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var poll = new CompletionPoll();
        while (true)
        {
            var counts = await target.CountsAsync();
            if (counts.GetValueOrDefault(JobStatus.Succeeded) >= succeeded) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {counts.GetValueOrDefault(JobStatus.Succeeded)} of {succeeded} jobs succeeded in {timeout}: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}");
            }
            await Task.Delay(poll.NextDelay(counts.GetValueOrDefault(JobStatus.Succeeded), succeeded));
        }
    }

    private sealed record IdOnly(Guid Id);
}
