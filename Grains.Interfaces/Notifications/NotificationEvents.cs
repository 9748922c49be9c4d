namespace Orchestrator.Grains.Interfaces.Notifications;

/// <summary>The events a notification rule can subscribe to, by their wire names.</summary>
public static class NotificationEvents
{
    /// <summary>A job's attempt succeeded: the job is Succeeded.</summary>
    public const string JobSucceeded = "job.succeeded";

    /// <summary>A job's attempt failed and the job will be retried (Retrying).</summary>
    public const string JobFailed = "job.failed";

    /// <summary>A job failed for good (DeadLettered).</summary>
    public const string JobDeadLettered = "job.dead_lettered";

    /// <summary>A workflow ended (Succeeded, Failed, Cancelled or TimedOut).</summary>
    public const string WorkflowFinished = "workflow.finished";

    public static readonly IReadOnlyList<string> All = [JobSucceeded, JobFailed, JobDeadLettered, WorkflowFinished];
}
