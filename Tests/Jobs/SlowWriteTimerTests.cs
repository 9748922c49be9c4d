using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Jobs;

/// <summary>
/// The in-memory job store, except that writing a job that waits (Scheduled, Retrying) takes <see cref="Delay"/>:
/// a database under load, where a commit takes tens of milliseconds.
/// </summary>
public sealed class SlowWaitingWrites(InMemoryJobStore store) : InMemoryJobStoreWrapper(store)
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public override async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.State is JobState { Status: JobStatus.Scheduled or JobStatus.Retrying }) await Task.Delay(Delay);
        await Store.WriteStateAsync(stateName, grainId, grainState);
    }
}

/// <summary>A one-silo cluster whose job writes are slow while a job waits.</summary>
public sealed class SlowWriteClusterFixture() : OneSiloClusterFixture<SlowWriteClusterFixture.Configurator>("slow-writes")
{
    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddInMemoryOrchestrator();
            // Registered after the in-memory store, so the job grains get this one.
            silo.Services.AddGrainStorage(JobStorage.Name, (sp, _) => new SlowWaitingWrites(sp.GetRequiredService<InMemoryJobStore>()));
            TestHandlers.AddTo(silo.Services);
        }
    }
}

/// <summary>
/// A delayed job's timer counts from the clock when it is set, not from a time read before the write that came
/// first: with a slow write the timer otherwise fired one write's latency after the due time (seen as 25-50 ms of
/// lateness per job on a busy PostgreSQL).
/// </summary>
public sealed class SlowWriteTimerTests(SlowWriteClusterFixture fixture) : IClassFixture<SlowWriteClusterFixture>
{
    // Well under the 1 s write, well over any scheduling noise.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(500);

    private IJobGrain NewJob() => fixture.Cluster.GrainFactory.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, JobIds.New()));

    private static Task<JobView> Succeeded(IJobGrain grain) =>
        Eventually.Until(async () => (await grain.Get())!, j => j.Status == JobStatus.Succeeded,
            $"job {grain.GetPrimaryKeyString()} succeeds", TimeSpan.FromSeconds(30), j => $"{j.Status} ({j.StatusReason})");

    [Fact]
    public async Task DelayedJob_WhoseScheduledWriteIsSlow_StartsAtItsDueTime()
    {
        var grain = NewJob();
        var runAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        await grain.Submit(new JobSpec { Type = "noop", CorrelationId = "test", RunAt = runAt });

        var job = await Succeeded(grain);
        var lateness = job.Attempts[0].StartedAt - runAt;
        Assert.InRange(lateness, TimeSpan.Zero, Tolerance);
    }

    [Fact]
    public async Task Retry_WhoseRetryingWriteIsSlow_StartsWhenItsBackoffEnds()
    {
        var grain = NewJob();
        var backoff = new BackoffPolicy { Initial = TimeSpan.FromSeconds(2), Max = TimeSpan.FromSeconds(2), Jitter = BackoffJitter.None };
        await grain.Submit(new JobSpec { Type = TestHandlers.FlakyHandler.Name, Payload = """{"failTimes":1}""", CorrelationId = "test", MaxAttempts = 2, Backoff = backoff });

        var job = await Succeeded(grain);
        Assert.Equal(2, job.Attempts.Count);
        var lateness = job.Attempts[1].StartedAt - (job.Attempts[0].EndedAt!.Value + backoff.Initial);
        Assert.InRange(lateness, TimeSpan.Zero, Tolerance);
    }
}
