namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>
/// A tenant's live event hub (key: tenant id). Silos hand it batches of the tenant's events; it fans them out to the
/// listeners subscribed now. Nothing is stored: with no listener a batch is dropped.
/// </summary>
[Alias("tenant-events")]
public interface ITenantEventsGrain : IGrainWithStringKey
{
    /// <summary>Fans a batch out to the current listeners.</summary>
    [Alias("publish")]
    Task Publish(IReadOnlyList<JobEvent> events);

    /// <summary>Adds or refreshes a listener; it is dropped unless refreshed within the hub's expiry (<c>ListenerExpiry</c>).</summary>
    [Alias("subscribe")]
    Task Subscribe(IJobEventsObserver listener);

    /// <summary>Removes a listener.</summary>
    [Alias("unsubscribe")]
    Task Unsubscribe(IJobEventsObserver listener);
}
