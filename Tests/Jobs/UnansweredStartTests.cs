using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Jobs;

/// <summary>
/// A one-silo cluster with one executor slot, start and report calls retried for 1 s only, and a grain-call filter
/// that fails every <c>StartAttempt</c> call of the jobs in <see cref="RefuseStartsOf"/>: a job grain that cannot be
/// reached (its activation needs the store, and the store is down).
/// </summary>
public sealed class UnansweredStartClusterFixture() : OneSiloClusterFixture<UnansweredStartClusterFixture.Configurator>("unanswered-start")
{
    public static readonly ConcurrentDictionary<string, int> RefuseStartsOf = new();

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddInMemoryOrchestrator();
            silo.Services.Configure<ExecutorOptions>(o =>
            {
                o.MaxConcurrency = 1;
                o.ReportRetryTimeout = TimeSpan.FromSeconds(1);
            });
            silo.AddIncomingGrainCallFilter(context =>
            {
                var key = context.TargetId.Key.ToString()!;
                if (context.MethodName == nameof(IJobGrain.StartAttempt) && RefuseStartsOf.TryGetValue(key, out var refused))
                {
                    RefuseStartsOf.TryUpdate(key, refused + 1, refused); // never re-adds a job the test stopped refusing
                    throw new TimeoutException("the job grain cannot be reached (test)");
                }
                return context.Invoke();
            });
            TestHandlers.AddTo(silo.Services);
        }
    }
}

/// <summary>
/// An attempt whose start call gets no answer within the retry window is offered again later, not dropped: its row
/// says Queued and owned by this live silo, which no wake shard looks at, so when the job's activation is gone as
/// well nothing else would ever start it.
/// </summary>
public sealed class UnansweredStartTests(UnansweredStartClusterFixture fixture) : IClassFixture<UnansweredStartClusterFixture>
{
    [Fact]
    public async Task AStartWithoutAnAnswer_IsOfferedAgain_AndTheJobRunsOnce()
    {
        var gate = Guid.NewGuid().ToString("N");
        var blocker = JobIds.New();
        await fixture.Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, blocker))
            .Submit(new JobSpec { Type = TestHandlers.BlockHandler.Name, Payload = $$"""{"gate":"{{gate}}"}""", CorrelationId = "test" });
        await Eventually.True(() => TestHandlers.Starts.ContainsKey(blocker), $"blocker {blocker} takes the only slot");

        var id = JobIds.New();
        var key = JobIds.GrainKey(JobIds.DefaultTenant, id);
        var job = fixture.Grains.GetGrain<IJobGrain>(key);
        await job.Submit(new JobSpec { Type = TestHandlers.RecordHandler.Name, CorrelationId = "test" });
        UnansweredStartClusterFixture.RefuseStartsOf[key] = 0;
        // Without an activation the job has no timer of its own to notice that its start was dropped.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        TestHandlers.Release(gate);
        // 1 s of retries (at 0, 0.2 and 0.6 s) and the executor gives up on this call.
        await Eventually.True(() => UnansweredStartClusterFixture.RefuseStartsOf[key] >= 3, $"job {id}'s start calls fail for the whole retry window");
        UnansweredStartClusterFixture.RefuseStartsOf.TryRemove(key, out _);

        var done = await Eventually.Until(async () => (await job.Get())!, j => j.Status == JobStatus.Succeeded,
            $"job {id} whose start went unanswered runs", TimeSpan.FromSeconds(30), j => $"{j.Status} ({j.StatusReason})");
        Assert.Single(done.Attempts);
        Assert.Single(TestHandlers.Starts[id]);
    }
}
