using Orleans.Storage;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.WakeUps;

namespace Orchestrator.Tests.WakeUps;

/// <summary>
/// What every job store must do as the wake-up index, run against the in-memory store and against PostgreSQL: a
/// write puts the job's wake-up and owner in the index and replaces what the previous write put there; due wake-ups
/// come back per shard in time order with keyset paging; orphans are the jobs of owners not in the live set.
/// </summary>
public static class WakeIndexContract
{
    public static async Task RunAsync(IGrainStorage storage, IJobWakeIndex index)
    {
        var now = DateTimeOffset.UtcNow;
        // Twelve jobs of one shard, due one second apart (wake-ups are stored to the microsecond, so use whole ones).
        var baseline = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var ids = IdsOfShard(shard: 3, count: 14);
        var states = new List<GrainState<JobState>>();
        for (var i = 0; i < 12; i++)
        {
            var state = new GrainState<JobState> { State = NewState(ids[i], JobStatus.Scheduled, wakeAt: baseline.AddSeconds(i), owner: null) };
            await storage.WriteStateAsync("job", GrainIdOf(ids[i]), state);
            states.Add(state);
        }
        // Two held by executors: one by a live silo, one by a silo that is gone.
        await storage.WriteStateAsync("job", GrainIdOf(ids[12]), new GrainState<JobState> { State = NewState(ids[12], JobStatus.Queued, null, "live-silo") });
        await storage.WriteStateAsync("job", GrainIdOf(ids[13]), new GrainState<JobState> { State = NewState(ids[13], JobStatus.Running, baseline.AddHours(1), "gone-silo") });

        // Due by baseline + 9 s: ten wake-ups, earliest first, in pages of four.
        var pages = new List<WakeEntry>();
        WakeEntry? after = null;
        while (true)
        {
            var page = await index.DueAsync(3, baseline.AddSeconds(9), after, 4);
            pages.AddRange(page);
            if (page.Count < 4) break;
            after = page[^1];
        }
        Assert.Equal(ids.Take(10).Select(Key), pages.Select(e => e.JobKey));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => baseline.AddSeconds(i)), pages.Select(e => e.WakeAt));
        Assert.Empty(await index.DueAsync(0, baseline.AddDays(1), null, 100)); // another shard sees none of them

        // A later write replaces the wake-up: job 0 now waits for its owner instead, job 1 has ended.
        var (first, second) = (states[0].State!, states[1].State!);
        first.Status = JobStatus.Queued;
        first.WakeAt = null;
        first.Owner = "gone-silo";
        await storage.WriteStateAsync("job", GrainIdOf(ids[0]), states[0]);
        second.Status = JobStatus.Succeeded;
        second.WakeAt = null;
        await storage.WriteStateAsync("job", GrainIdOf(ids[1]), states[1]);
        var due = await index.DueAsync(3, baseline.AddSeconds(9), null, 100);
        Assert.Equal(ids.Skip(2).Take(8).Select(Key), due.Select(e => e.JobKey));

        var orphans = await index.OrphansAsync(3, ["live-silo"], 100);
        Assert.Equal(new[] { Key(ids[0]), Key(ids[13]) }.Order(), orphans.Order());
        Assert.Equal(3, (await index.OrphansAsync(3, [], 100)).Count);
        Assert.Empty(await index.OrphansAsync(3, ["live-silo", "gone-silo"], 100));
    }

    private static List<Guid> IdsOfShard(int shard, int count)
    {
        var ids = new List<Guid>();
        while (ids.Count < count)
        {
            var id = JobIds.New();
            if (WakeShards.Of(id) == shard) ids.Add(id);
        }
        return ids;
    }

    private static string Key(Guid id) => JobIds.GrainKey("wake-tenant", id);

    private static GrainId GrainIdOf(Guid id) => GrainId.Create("job", Key(id));

    private static JobState NewState(Guid id, JobStatus status, DateTimeOffset? wakeAt, string? owner) => new()
    {
        TenantId = "wake-tenant",
        Id = id,
        Type = "noop",
        Status = status,
        CorrelationId = "c",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        RunAt = wakeAt ?? DateTimeOffset.UtcNow,
        MaxAttempts = 3,
        WakeAt = wakeAt,
        Owner = owner,
        Attempts = status == JobStatus.Running ? [new JobAttempt { Number = 1, StartedAt = DateTimeOffset.UtcNow, Silo = owner ?? "", Result = AttemptResult.Running }] : [],
        Attempt = status == JobStatus.Running ? 1 : 0,
    };
}
