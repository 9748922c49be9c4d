namespace Orchestrator.Grains.Interfaces.Queues;

/// <summary>The queues of a tenant that have settings (key: tenant id), so they are listed even while empty.</summary>
[Alias("tenant-queues")]
public interface ITenantQueuesGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task Add(string queue);

    [Alias("list")]
    Task<IReadOnlyList<string>> List();
}
