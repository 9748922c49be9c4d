namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A tenant's external workers (key: tenant id): who they are, when each was last heard from, what each holds.</summary>
[Alias("worker-registry")]
public interface IWorkerRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers a new worker and returns it with its id.</summary>
    [Alias("register")]
    Task<WorkerInfo> Register(WorkerRegistration registration);

    /// <summary>The tenant's workers, newest first.</summary>
    [Alias("list")]
    Task<IReadOnlyList<WorkerInfo>> List();

    /// <summary>Asks a worker to take no more work: its lease calls answer empty from now on. Null when unknown.</summary>
    [Alias("drain")]
    Task<WorkerInfo?> Drain(string workerId);

    /// <summary>Records that the worker called (and what it now holds, until each lease's expiry). Null when unknown.</summary>
    [Alias("seen")]
    Task<WorkerInfo?> Seen(string workerId, IReadOnlyList<HeldLease> holding, Guid? released);
}
