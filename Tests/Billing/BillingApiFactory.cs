using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Schedules;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// The embedded system on a clock the test can move forward (real time plus an offset: a new UTC day or month is a
/// jump), with quota leases and usage counts that never go stale in a test's time, held work that looks again every
/// second (production: 30 s), and its warnings kept for the test to read.
/// </summary>
public sealed class BillingApiFactory : ApiFactory
{
    public ShiftedTimeProvider Clock { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Billing:QuotaLeaseTtl"] = "00:00:00.2",
        ["Orchestrator:Billing:UsageRefresh"] = "00:00:00",
        ["Orchestrator:Tenants:PausedRecheck"] = "00:00:01",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
