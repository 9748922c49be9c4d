using Orchestrator.Grains.Interfaces.Queues;
using Orchestrator.Grains.Tenants;

namespace Orchestrator.Grains.Queues;

/// <summary>The tenant's queues that were ever configured.</summary>
public sealed class TenantQueuesGrain([PersistentState("queues", TenancyStorage.Name)] IPersistentState<TenantQueuesState> queues) : Grain, ITenantQueuesGrain
{
    public async Task Add(string queue)
    {
        if (queues.State.Queues.Contains(queue)) return;
        queues.State.Queues.Add(queue);
        await queues.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. queues.State.Queues]);
}
