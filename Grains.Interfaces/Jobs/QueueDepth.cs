namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>How many jobs of one queue are in one status, over all tenants.</summary>
[GenerateSerializer, Alias("QueueDepth")]
public sealed record QueueDepth([property: Id(0)] string Queue, [property: Id(1)] JobStatus Status, [property: Id(2)] long Count)
{
    /// <summary>The statuses a queue depth is reported for: work not yet done, and the dead-letter queue.</summary>
    public static IReadOnlyList<JobStatus> States { get; } =
        [JobStatus.Scheduled, JobStatus.Queued, JobStatus.Running, JobStatus.Retrying, JobStatus.DeadLettered];
}
