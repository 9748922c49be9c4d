using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Orchestrator.Grains.Billing;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Schedules;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// A one-silo cluster whose usage store the test scripts (<see cref="FakeUsageStore"/>: the activity the flush is told
/// about, the counts it gets, the batches it writes), on a clock at noon UTC so a test's ticks fall on one day. The
/// tests tick the flush themselves; its own reminder (1 min) does not come due while they run.
/// </summary>
public sealed class UsageFlushClusterFixture() : OneSiloClusterFixture<UsageFlushClusterFixture.Configurator>("usage-flush")
{
    public static readonly ShiftedTimeProvider Clock = new();
    public static readonly FakeUsageStore Usage = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Moved once the silo is up, as the other shifted-clock fixtures do: a silo started on a clock already a day
        // and a half ahead once failed its start in a loaded suite run (lifecycle cancelled at its last stage).
        var now = Clock.GetUtcNow();
        Clock.Offset = now.UtcDateTime.Date.AddDays(1).AddHours(12) - now.UtcDateTime;
    }

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.AddInMemoryOrchestrator();
            silo.Services.AddSingleton<IUsageStore>(Usage);
        }
    }
}
