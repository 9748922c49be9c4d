using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Jobs;
using Orchestrator.Tests.Jobs;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>One in-process test cluster (one silo, in-memory storage and reminders) shared by the grain tests.</summary>
public sealed class ClusterFixture() : OneSiloClusterFixture<ClusterFixture.Configurator>("test")
{
    /// <summary>Queues capped at one running attempt, one per test that needs a saturated executor.</summary>
    public static readonly string[] SerialQueues = ["serial-a", "serial-b", "serial-c", "serial-d"];

    /// <summary>Jobs due later than this after a write deactivate and are woken by their wake shard (production: 2 min).</summary>
    public static readonly TimeSpan TimerHorizon = TimeSpan.FromSeconds(2);

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddInMemoryOrchestrator();
            TestHandlers.AddTo(silo.Services);
            silo.Services.Configure<JobOptions>(o => o.TimerHorizon = TimerHorizon);
            silo.Services.Configure<ExecutorOptions>(o =>
            {
                foreach (var queue in SerialQueues) o.QueueConcurrency[queue] = 1;
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
