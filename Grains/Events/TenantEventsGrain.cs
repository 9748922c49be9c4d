using Orchestrator.Grains.Interfaces.Events;

namespace Orchestrator.Grains.Events;

/// <summary>
/// A tenant's live event hub: holds the listeners subscribed in the last <see cref="ListenerExpiry"/> and fans every
/// batch out to them with one-way calls, so a slow or vanished gateway never holds up a silo's publisher. Holds no
/// state worth saving: after a move, listeners come back with their next refresh (gateways refresh well within the expiry).
/// </summary>
public sealed class TenantEventsGrain(TimeProvider time) : Grain, ITenantEventsGrain
{
    /// <summary>A listener not refreshed for this long is dropped (its gateway went away without unsubscribing).</summary>
    public static readonly TimeSpan ListenerExpiry = TimeSpan.FromSeconds(90);

    private readonly Dictionary<IJobEventsObserver, DateTimeOffset> _listeners = [];

    public Task Publish(IReadOnlyList<JobEvent> events)
    {
        if (_listeners.Count == 0 || events.Count == 0) return Task.CompletedTask;
        var now = time.GetUtcNow();
        foreach (var (listener, seen) in _listeners.ToList())
        {
            if (now - seen > ListenerExpiry) _listeners.Remove(listener);
            else _ = listener.OnEvents(events); // one-way: completes at once
        }
        return Task.CompletedTask;
    }

    public Task Subscribe(IJobEventsObserver listener)
    {
        _listeners[listener] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IJobEventsObserver listener)
    {
        _listeners.Remove(listener);
        return Task.CompletedTask;
    }
}
