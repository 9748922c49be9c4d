using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Interfaces.Queues;

/// <summary>One queue of a tenant as the job rows show it: jobs per status (waiting and running ones) and when the longest-waiting Queued job became Queued.</summary>
[GenerateSerializer, Immutable, Alias("QueueStats")]
public sealed record QueueStats([property: Id(0)] string Queue, [property: Id(1)] IReadOnlyDictionary<JobStatus, long> Counts, [property: Id(2)] DateTimeOffset? OldestQueuedAt);
