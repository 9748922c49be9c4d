using System.Threading.Channels;
using Orchestrator.Grains.Interfaces.Events;

namespace Orchestrator.Client.Api.Events;

/// <summary>
/// One SSE connection's listener: the hub calls it (as a grain observer) with batches; matching events wait in a
/// bounded channel for the response writer. A reader too slow for <see cref="Capacity"/> events loses the oldest ones,
/// never the gateway's memory.
/// </summary>
public sealed class EventsListener(EventFilter filter) : IJobEventsObserver
{
    public const int Capacity = 10_000;

    private readonly Channel<JobEvent> _events = Channel.CreateBounded<JobEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<JobEvent> Events => _events.Reader;

    public Task OnEvents(IReadOnlyList<JobEvent> events)
    {
        foreach (var e in events)
        {
            if (filter.Matches(e)) _events.Writer.TryWrite(e);
        }
        return Task.CompletedTask;
    }
}
