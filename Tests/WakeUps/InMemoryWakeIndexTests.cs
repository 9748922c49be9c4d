using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Storage;

namespace Orchestrator.Tests.WakeUps;

public sealed class InMemoryWakeIndexTests
{
    [Fact]
    public async Task InMemoryStore_KeepsTheWakeIndexContract()
    {
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var store = new InMemoryJobStore(services.GetRequiredService<DeepCopier<JobState>>());
        await WakeIndexContract.RunAsync(store, store);
    }
}
