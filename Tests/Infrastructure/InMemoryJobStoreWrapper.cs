using Orleans.Storage;
using Orchestrator.Grains.Storage;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// The in-memory job store with its writes changed by a test (slowed, recorded, failed): reads and clears go straight
/// through. Register the subclass as the job grain storage after <c>AddInMemoryOrchestrator()</c>.
/// </summary>
public abstract class InMemoryJobStoreWrapper(InMemoryJobStore store) : IGrainStorage
{
    protected InMemoryJobStore Store { get; } = store;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Store.ReadStateAsync(stateName, grainId, grainState);

    public abstract Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Store.ClearStateAsync(stateName, grainId, grainState);
}
