using Orleans.Concurrency;

namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>A listener of a tenant's live events (a gateway's SSE connection).</summary>
[Alias("job-events-observer")]
public interface IJobEventsObserver : IGrainObserver
{
    /// <summary>A batch of events, oldest first. One-way: a slow or gone listener never holds up the publisher.</summary>
    [OneWay, Alias("on-events")]
    Task OnEvents(IReadOnlyList<JobEvent> events);
}
