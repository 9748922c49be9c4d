using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Events;
using Prometheus;

namespace Orchestrator.Grains.Events;

/// <summary>
/// A silo's outbox of live events. Grains hand events in (<see cref="Publish"/>: a lock-free enqueue, no grain call);
/// every <see cref="EventOptions.FlushInterval"/> a loop sends each tenant's batch to its <see cref="ITenantEventsGrain"/>.
/// So a job costs no extra grain call per status change, only a share of one call per tenant per period. Events are
/// published after the state write they describe, never before; they are best-effort (a silo that dies loses its
/// unsent batch; the job's state is unaffected and listeners re-read it).
/// </summary>
public sealed partial class JobEventPublisher(
    IGrainFactory grains,
    IOptions<EventOptions> options,
    TimeProvider time,
    ILogger<JobEventPublisher> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Counter Dropped = Metrics.CreateCounter("orchestrator_events_dropped_total",
        "Live events dropped because a silo's event buffer was full.");

    private readonly ConcurrentQueue<JobEvent> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _count;
    private Task _loop = Task.CompletedTask;

    /// <summary>Queues an event for the next flush; drops it (and counts it) when the buffer is full.</summary>
    public void Publish(JobEvent e)
    {
        if (Interlocked.Increment(ref _count) > options.Value.MaxBuffered)
        {
            Interlocked.Decrement(ref _count);
            Dropped.Inc();
            return;
        }
        _pending.Enqueue(e);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JobEventPublisher), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await FlushAsync(); // what the last turns published
    }

    private async Task RunAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            await Task.Delay(options.Value.FlushInterval, time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await FlushAsync();
        }
    }

    private async Task FlushAsync()
    {
        if (_pending.IsEmpty) return;
        var byTenant = new Dictionary<string, List<JobEvent>>();
        while (_pending.TryDequeue(out var e))
        {
            Interlocked.Decrement(ref _count);
            if (!byTenant.TryGetValue(e.TenantId, out var batch)) byTenant[e.TenantId] = batch = [];
            batch.Add(e);
        }
        try
        {
            await Task.WhenAll(byTenant.Select(b => grains.GetGrain<ITenantEventsGrain>(b.Key).Publish(b.Value)));
        }
        catch (Exception e)
        {
            LogFlushFailed(e, byTenant.Values.Sum(b => b.Count));
        }
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Live events: a batch of {Count} events could not be handed to its hub and is dropped")]
    private partial void LogFlushFailed(Exception error, int count);
}
