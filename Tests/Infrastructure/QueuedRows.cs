using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Storage;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// Rewrites a job's stored row (in-memory store of an in-process silo) to what a silo's executor leaves behind: Queued,
/// no wake-up, owned by a silo at loopback port 1 whose start generation is this silo's plus
/// the generation offset — positive: one this silo has not heard of yet and counts as alive; negative:
/// one that started before it and is unknown, so gone. The job must exist and have no activation.
/// </summary>
public static class QueuedRows
{
    public static async Task<string> OwnAsync(TestCluster cluster, IJobGrain job, int generationOffset)
    {
        var silo = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services;
        var local = silo.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var owner = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1), local.Generation + generationOffset).ToParsableString();
        var store = silo.GetRequiredService<InMemoryJobStore>();
        var state = new GrainState<JobState>();
        await store.ReadStateAsync("job", job.GetGrainId(), state);
        state.State!.Status = JobStatus.Queued;
        state.State.RunAt = DateTimeOffset.UtcNow;
        state.State.WakeAt = null;
        state.State.Owner = owner;
        await store.WriteStateAsync("job", job.GetGrainId(), state);
        return owner;
    }
}
