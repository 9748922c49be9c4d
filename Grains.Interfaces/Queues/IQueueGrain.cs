namespace Orchestrator.Grains.Interfaces.Queues;

/// <summary>One tenant's queue as a resource (key <c>{tenant}/{queue}</c>): its settings and the cluster-wide permits that enforce them.</summary>
[Alias("queue")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>The queue's settings (<see cref="QueueSettings.None"/> when never set).</summary>
    [Alias("get")]
    Task<QueueSettings> Get();

    /// <summary>Replaces the settings; takes effect on every silo within the permits' recheck period.</summary>
    [Alias("update")]
    Task<QueueSettings> Update(QueueSettings settings);

    /// <summary>
    /// A silo (<paramref name="owner"/>) asks to run up to <paramref name="slots"/> more attempts at once and start
    /// <paramref name="starts"/> now.
    /// </summary>
    [Alias("acquire")]
    Task<QueuePermit> Acquire(string owner, int slots, int starts);

    /// <summary>A silo gives back run slots it no longer needs.</summary>
    [Alias("release")]
    Task Release(string owner, int slots);

    /// <summary>
    /// A work queue asks to lease up to <paramref name="wanted"/> attempts to an external worker: the answer's
    /// <see cref="QueuePermit.Slots"/> (equal to its starts) is how many may be leased now, each holding one of the
    /// concurrency limit's slots (when the queue has a limit) until <see cref="ReleaseExternal"/>.
    /// </summary>
    [Alias("acquire-external")]
    Task<QueuePermit> AcquireExternal(int wanted);

    /// <summary>Gives back the slots of ended external attempts and start permits granted but not used for a lease.</summary>
    [Alias("release-external")]
    Task ReleaseExternal(int slots, int starts);
}
