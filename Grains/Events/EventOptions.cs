namespace Orchestrator.Grains.Events;

/// <summary>Live events (<c>Orchestrator:Events</c>).</summary>
public sealed class EventOptions
{
    public const string Section = "Orchestrator:Events";

    /// <summary>How often a silo hands its buffered events to the tenants' hubs: one call per tenant per period. Default 100 ms.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Events a silo buffers at most between flushes; beyond it new events are dropped and counted
    /// (<c>orchestrator_events_dropped_total</c>). Live events are best-effort; job state never depends on them. Default 200,000.
    /// </summary>
    public int MaxBuffered { get; set; } = 200_000;
}
