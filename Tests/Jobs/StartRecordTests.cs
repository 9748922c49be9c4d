using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Jobs;

/// <summary>
/// The in-memory job store, recording the status of every job write in order, and failing a job's first
/// Succeeded write when the job is in <see cref="FailFirstSuccessOf"/> (a store that was briefly unreachable).
/// </summary>
public sealed class RecordingJobWrites(InMemoryJobStore store) : InMemoryJobStoreWrapper(store)
{
    public static readonly ConcurrentDictionary<Guid, ConcurrentQueue<JobStatus>> Writes = new();
    public static readonly ConcurrentDictionary<Guid, bool> FailFirstSuccessOf = new();

    public static JobStatus[] Of(Guid job) => Writes.TryGetValue(job, out var writes) ? [.. writes] : [];

    public override async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.State is JobState { Status: JobStatus.Succeeded } succeeded && FailFirstSuccessOf.TryRemove(succeeded.Id, out _))
        {
            throw new InvalidOperationException("store unavailable (test)");
        }
        await Store.WriteStateAsync(stateName, grainId, grainState);
        if (grainState.State is JobState s) Writes.GetOrAdd(s.Id, _ => new()).Enqueue(s.Status);
    }
}

/// <summary>A one-silo cluster with one executor slot, a recording job store and a 10 s start-record delay (far beyond any scheduling noise).</summary>
public sealed class StartRecordClusterFixture() : OneSiloClusterFixture<StartRecordClusterFixture.Configurator>("start-record")
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddInMemoryOrchestrator();
            silo.Services.AddGrainStorage(JobStorage.Name, (sp, _) => new RecordingJobWrites(sp.GetRequiredService<InMemoryJobStore>()));
            silo.Services.Configure<ExecutorOptions>(o => o.MaxConcurrency = 1);
            silo.Services.Configure<JobOptions>(o => o.StartRecordDelay = Delay);
            TestHandlers.AddTo(silo.Services);
        }
    }
}

/// <summary>
/// <see cref="JobOptions.StartRecordDelay"/>: an attempt started from the executor's queue that ends within the
/// delay is saved once, start and end together; one that runs longer has its start saved while it runs.
/// </summary>
[Collection(StartRecordCollection.Name)]
public sealed class StartRecordTests(StartRecordClusterFixture fixture)
{
    private async Task<(IJobGrain Grain, Guid Id)> SubmitAsync(string type, string payload = "{}")
    {
        var id = JobIds.New();
        var grain = fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id));
        await grain.Submit(new JobSpec { Type = type, Payload = payload, CorrelationId = "test" });
        return (grain, id);
    }

    /// <summary>A job that takes the only executor slot (started in the write that queues it) until its gate opens.</summary>
    private async Task<string> HoldTheSlotAsync()
    {
        var gate = Guid.NewGuid().ToString("N");
        var (_, id) = await SubmitAsync(TestHandlers.BlockHandler.Name, $$"""{"gate":"{{gate}}"}""");
        await Eventually.True(() => TestHandlers.Starts.ContainsKey(id), $"blocker {id} starts");
        return gate;
    }

    private static Task<JobView> Ended(IJobGrain grain, JobStatus status) =>
        Eventually.Until(async () => (await grain.Get())!, j => j.Status == status,
            $"job {grain.GetPrimaryKeyString()} is {status}", TimeSpan.FromSeconds(30), j => $"{j.Status} ({j.StatusReason})");

    [Fact]
    public async Task ShortAttempt_FromTheExecutorsQueue_IsSavedOnce_StartAndEndTogether()
    {
        var gate = await HoldTheSlotAsync();
        var (grain, id) = await SubmitAsync(TestHandlers.RecordHandler.Name);
        Assert.Equal([JobStatus.Queued], RecordingJobWrites.Of(id));

        TestHandlers.Release(gate);
        var job = await Ended(grain, JobStatus.Succeeded);

        Assert.Equal([JobStatus.Queued, JobStatus.Succeeded], RecordingJobWrites.Of(id));
        var attempt = Assert.Single(job.Attempts);
        Assert.Equal(AttemptResult.Succeeded, attempt.Result);
        Assert.True(attempt.StartedAt <= attempt.EndedAt, $"started {attempt.StartedAt:O}, ended {attempt.EndedAt:O}");
    }

    [Fact]
    public async Task LongAttempt_HasItsStartSaved_WhileItRuns()
    {
        var gate = await HoldTheSlotAsync();
        var longGate = Guid.NewGuid().ToString("N");
        var (grain, id) = await SubmitAsync(TestHandlers.BlockHandler.Name, $$"""{"gate":"{{longGate}}"}""");

        TestHandlers.Release(gate);
        await Eventually.True(() => TestHandlers.Starts.ContainsKey(id), $"job {id} starts");
        Assert.Equal(JobStatus.Running, (await grain.Get())!.Status);
        // The handler is still waiting on its gate, so this write can only be the delayed start record.
        await Eventually.True(() => RecordingJobWrites.Of(id) is [JobStatus.Queued, JobStatus.Running], $"job {id}'s start is saved",
            StartRecordClusterFixture.Delay + TimeSpan.FromSeconds(20));

        TestHandlers.Release(longGate);
        await Ended(grain, JobStatus.Succeeded);
        Assert.Equal([JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded], RecordingJobWrites.Of(id));
    }

    [Fact]
    public async Task Cancel_WhileTheStartIsUnsaved_SavesTheAttemptWithTheCancel()
    {
        var gate = await HoldTheSlotAsync();
        var (grain, id) = await SubmitAsync(TestHandlers.BlockHandler.Name, $$"""{"gate":"{{Guid.NewGuid():N}}"}""");

        TestHandlers.Release(gate);
        await Eventually.True(() => TestHandlers.Starts.ContainsKey(id), $"job {id} starts");
        await grain.Cancel("test");
        var job = await Eventually.Until(async () => (await grain.Get())!, j => j.Attempts is [{ EndedAt: not null }],
            $"job {id}'s cancelled attempt ends", TimeSpan.FromSeconds(30), j => $"{j.Status}, {j.Attempts.Count} attempts");

        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(AttemptResult.Cancelled, job.Attempts[0].Result);
        Assert.True(TestHandlers.SawCancellation.ContainsKey(id), "the running handler's token fired");
        // The cancel's write carried the running attempt; no separate start record was needed.
        Assert.Equal([JobStatus.Queued, JobStatus.Cancelled, JobStatus.Cancelled], RecordingJobWrites.Of(id));
    }

    [Fact]
    public async Task AJobRequeuedFromALostSilo_SavesItsNextStartBeforeItRuns()
    {
        // The row a crashed silo leaves: Queued, owned by a silo that started before this one and is unknown here (gone).
        var id = JobIds.New();
        var grain = fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id));
        await grain.Submit(new JobSpec { Type = TestHandlers.RecordHandler.Name, CorrelationId = "test", RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await QueuedRows.OwnAsync(fixture.Cluster, grain, generationOffset: -1_000);

        var gate = await HoldTheSlotAsync();
        await grain.Wake(); // re-queued here, behind the blocker
        Assert.Equal([JobStatus.Scheduled, JobStatus.Queued], RecordingJobWrites.Of(id));
        TestHandlers.Release(gate);
        var job = await Ended(grain, JobStatus.Succeeded);

        // The lost silo may have been running it unseen: this start was saved before the handler ran.
        Assert.Equal([JobStatus.Scheduled, JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded], RecordingJobWrites.Of(id));
        Assert.Equal(AttemptResult.Succeeded, Assert.Single(job.Attempts).Result);
    }

    [Fact]
    public async Task Report_AfterAFailedWriteDroppedTheUnsavedStart_IsRecorded_WithoutARerun()
    {
        var gate = await HoldTheSlotAsync();
        var (grain, id) = await SubmitAsync(TestHandlers.RecordHandler.Name);
        RecordingJobWrites.FailFirstSuccessOf[id] = true;

        TestHandlers.Release(gate);
        // The first report's write fails and drops the activation; the executor retries the report, and the new
        // activation reads the row as Queued: the attempt it reports must be recorded, not dropped and run again.
        var job = await Ended(grain, JobStatus.Succeeded);

        Assert.Equal(AttemptResult.Succeeded, Assert.Single(job.Attempts).Result);
        Assert.Single(TestHandlers.Starts[id]);
        Assert.Equal([JobStatus.Queued, JobStatus.Succeeded], RecordingJobWrites.Of(id));
    }
}

/// <summary>The tests share one executor slot, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class StartRecordCollection : ICollectionFixture<StartRecordClusterFixture>
{
    public const string Name = "start-record";
}
