using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.WakeUps;

public sealed class InMemoryWakeIndexTests
{
    [Fact]
    public async Task InMemoryStore_KeepsTheWakeIndexContract()
    {
        var store = new InMemoryJobStore(TestSerializers.Copier<JobState>());
        await WakeIndexContract.RunAsync(store, store);
    }
}
