namespace Orchestrator.Grains.Notifications;

/// <summary>
/// A notification a job or workflow owes: recorded in the same state write as the transition that caused it, cleared
/// by a later write once its delivery jobs exist. Ids are stable: never renumber or reuse one.
/// </summary>
[GenerateSerializer, Alias("PendingNotification")]
public sealed record PendingNotification
{
    /// <summary>A name from <see cref="Interfaces.Notifications.NotificationEvents"/>.</summary>
    [Id(0)] public required string Event { get; init; }
    /// <summary>The job's attempt, or the workflow's run.</summary>
    [Id(1)] public int Attempt { get; init; }
    /// <summary>The job's or workflow's status name at the transition.</summary>
    [Id(2)] public required string Status { get; init; }
    [Id(3)] public string? Error { get; init; }
    [Id(4)] public DateTimeOffset At { get; init; }
}
