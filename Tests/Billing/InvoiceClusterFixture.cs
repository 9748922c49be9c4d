using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Orchestrator.Grains.Billing;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Schedules;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// A one-silo cluster for invoice grains: a clock the tests move forward (real time plus an offset, so Orleans'
/// own timers keep running; a month's end is a jump), usage the tests set (<see cref="FakeUsageStore"/>, never
/// cached), and a 3-day issue delay so a jump past a month's end does not make its invoice due at once.
/// </summary>
public sealed class InvoiceClusterFixture() : OneSiloClusterFixture<InvoiceClusterFixture.Configurator>("invoices")
{
    public static readonly ShiftedTimeProvider Clock = new();
    public static readonly FakeUsageStore Usage = new();
    public static readonly TimeSpan IssueDelay = TimeSpan.FromDays(3);

    /// <summary>Moves the clock forward to <paramref name="instant"/> (never back).</summary>
    public static void JumpTo(DateTimeOffset instant)
    {
        var now = Clock.GetUtcNow();
        if (instant > now) Clock.Offset += instant - now;
    }

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.AddInMemoryOrchestrator();
            silo.Services.AddSingleton<IUsageStore>(Usage);
            silo.Services.Configure<BillingOptions>(o => o.UsageRefresh = TimeSpan.Zero);
            silo.Services.Configure<InvoiceOptions>(o => o.IssueDelay = IssueDelay);
        }
    }
}
