using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>The persistent state of one workflow grain. Ids are stable: never renumber or reuse one.</summary>
[GenerateSerializer, Alias("WorkflowState")]
public sealed class WorkflowState
{
    [Id(0)] public string TenantId { get; set; } = "";
    [Id(1)] public Guid Id { get; set; }
    [Id(2)] public WorkflowSpec? Spec { get; set; }
    [Id(3)] public List<WorkflowStepState> Steps { get; set; } = [];
    [Id(4)] public WorkflowStatus Status { get; set; }
    /// <summary>A step whose policy is <c>fail-workflow</c> failed in this run: the workflow ends Failed.</summary>
    [Id(5)] public bool Failing { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset? EndedAt { get; set; }
    /// <summary>1 for the first run, +1 per rerun.</summary>
    [Id(8)] public int Run { get; set; }
    [Id(9)] public DateTimeOffset? Deadline { get; set; }
    /// <summary>
    /// The <c>workflow.finished</c> notification owed by the end already saved, until its delivery jobs exist; the
    /// reminder stays registered meanwhile, so a crash in between is retried.
    /// </summary>
    [Id(10)] public Notifications.PendingNotification? PendingNotification { get; set; }
}
