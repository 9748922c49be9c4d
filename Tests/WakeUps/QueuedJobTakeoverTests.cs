using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.WakeUps;

/// <summary>
/// A Queued job whose activation is not on its owner silo: after a silo dies and takes part of the grain directory
/// with it, a call can re-create the job's activation elsewhere while the row still names a live owner. Waiting for
/// that owner's executor stranded jobs for good (CI: 2 of 2,000 in the kill test); the activation takes the job over.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class QueuedJobTakeoverTests(ClusterFixture fixture)
{
    private IServiceProvider Silo => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services;

    [Fact]
    public async Task AQueuedJob_OwnedByAnotherLiveSilo_IsTakenOverAndRunsOnce()
    {
        var id = JobIds.New();
        var job = fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id));
        await job.Submit(new JobSpec { Type = "noop", CorrelationId = "takeover", RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // The row an owner's executor would leave: Queued, no wake-up, owned by a silo this one has not heard of yet
        // and that started after it (so it counts as alive, not gone).
        var owner = await QueuedRows.OwnAsync(fixture.Cluster, job, generationOffset: 1_000);

        await job.Wake();
        var done = await Eventually.Until(async () => (await job.Get())!, j => j.Status == JobStatus.Succeeded,
            $"queued job {id} owned by {owner} is taken over and runs", describe: j => $"{j.Status} ({j.StatusReason})");
        var attempt = Assert.Single(done.Attempts);
        Assert.Equal(Silo.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString(), attempt.Silo);
        Assert.Equal(AttemptResult.Succeeded, attempt.Result);
    }
}
