using Orleans.TestingHost;
using Orchestrator.Grains.Hosting;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// The life of an in-process test cluster of one silo, set up by <typeparamref name="TConfigurator"/>: what the
/// fixtures share, which differ only in their silo's services (clock, stores, options).
/// </summary>
public abstract class OneSiloClusterFixture<TConfigurator>(string name) : IAsyncLifetime
    where TConfigurator : ISiloConfigurator, new()
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public virtual async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ClusterId = $"{name}-{Guid.NewGuid():N}";
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

public static class TestSiloExtensions
{
    /// <summary>The orchestrator's grains on in-memory reminders, job, tenancy and audit storage: what every test silo starts from.</summary>
    public static ISiloBuilder AddInMemoryOrchestrator(this ISiloBuilder silo)
    {
        silo.UseInMemoryReminderService();
        silo.AddMemoryGrainStorage("PubSubStore");
        return silo.AddInMemoryJobStorage().AddInMemoryTenancyStorage().AddInMemoryAuditLog().AddOrchestratorGrains();
    }
}
