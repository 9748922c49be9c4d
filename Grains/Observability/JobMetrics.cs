using Prometheus;

namespace Orchestrator.Grains.Observability;

/// <summary>The job metrics of one (queue, type), already resolved to their labelled series.</summary>
public sealed record JobMetrics(
    Counter.Child Created, Counter.Child Succeeded, Counter.Child Failed, Counter.Child Retried, Counter.Child DeadLettered,
    Counter.Child Cancelled, Histogram.Child ExecutionSeconds, Histogram.Child LatenessSeconds, Histogram.Child StartLatencySeconds);
