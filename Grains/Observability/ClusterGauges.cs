using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Jobs;
using Prometheus;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// Gauges of the whole cluster, exported by every silo: <c>orchestrator_silos_active</c> (this silo's view of the
/// membership table) and <c>orchestrator_queue_depth{queue,state}</c> (from <see cref="IQueueDepthGrain"/>, cached
/// cluster-wide). Several silos export the same values; dashboards take <c>max</c>. Refreshed when scraped.
/// </summary>
public sealed partial class ClusterGauges(IClusterMembershipService membership, IGrainFactory grains, ILogger<ClusterGauges> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Gauge SilosActive = Metrics.CreateGauge("orchestrator_silos_active", "Silos the membership table lists as active.");
    private static readonly Gauge QueueDepthGauge = Metrics.CreateGauge("orchestrator_queue_depth",
        "Jobs per queue and state (Scheduled, Queued, Running, Retrying, DeadLettered), over all tenants; refreshed at most every Orchestrator:Metrics:QueueDepthRefresh.",
        "queue", "state");

    /// <summary>Label pairs already exported, so a queue that emptied reads 0 rather than its last count.</summary>
    private static readonly HashSet<(string Queue, string State)> Exported = [];
    private static readonly Lock ExportedGate = new();
    private volatile bool _active;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ClusterGauges), ServiceLifecycleStage.Active, _ =>
        {
            _active = true;
            Metrics.DefaultRegistry.AddBeforeCollectCallback(RefreshAsync);
            return Task.CompletedTask;
        }, _ =>
        {
            _active = false; // prometheus-net cannot remove a callback: a stopped silo's (tests host several per process) does nothing
            return Task.CompletedTask;
        });

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (!_active) return;
        SilosActive.Set(membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active));
        try
        {
            var depths = await grains.GetGrain<IQueueDepthGrain>(0).Get().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            lock (ExportedGate)
            {
                foreach (var (queue, state) in Exported) QueueDepthGauge.WithLabels(queue, state).Set(0);
                foreach (var depth in depths)
                {
                    var labels = (depth.Queue, depth.Status.ToString());
                    Exported.Add(labels);
                    QueueDepthGauge.WithLabels(labels.Queue, labels.Item2).Set(depth.Count);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogQueueDepthFailed(e); // the scrape goes on with the last values
        }
    }

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Could not refresh the queue depth gauge; /metrics shows the last values")]
    private partial void LogQueueDepthFailed(Exception exception);
}
