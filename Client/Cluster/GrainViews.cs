using Orchestrator.Client.Jobs;
using Orchestrator.Client.Schedules;
using Orchestrator.Client.Workflows;
using G = Orchestrator.Grains.Interfaces;

namespace Orchestrator.Client.Cluster;

/// <summary>The grains' views as the client's records: the same values the gateway's JSON carries.</summary>
internal static class GrainViews
{
    public static JobInfo Job(G.Jobs.JobView v) => new()
    {
        Id = v.Id,
        TenantId = v.TenantId,
        Type = v.Type,
        Queue = v.Queue,
        Priority = v.Priority,
        Status = EnumMap.To<JobStatus>(v.Status),
        StatusReason = v.StatusReason,
        Payload = ClientJson.Parse(v.Payload),
        RunAt = v.RunAt,
        NextAttemptAt = v.NextAttemptAt,
        Attempt = v.Attempt,
        MaxAttempts = v.MaxAttempts,
        Timeout = v.Timeout,
        CorrelationId = v.CorrelationId,
        Tags = v.Tags,
        Result = v.Result is null ? null : ClientJson.Parse(v.Result),
        LastError = v.LastError,
        Attempts = v.Attempts.Select(a => new JobAttemptInfo
        {
            Number = a.Number, StartedAt = a.StartedAt, EndedAt = a.EndedAt, Result = EnumMap.To<JobAttemptResult>(a.Result),
            Error = a.Error, Silo = a.Silo, Output = a.Output, DeadLettered = a.DeadLettered,
        }).ToList(),
        IdempotencyKey = v.IdempotencyKey,
        CreatedAt = v.CreatedAt,
        UpdatedAt = v.UpdatedAt,
    };

    public static JobListItem ListItem(G.Jobs.JobSummary s) => new()
    {
        Id = s.Id, Type = s.Type, Queue = s.Queue, Priority = s.Priority, Status = EnumMap.To<JobStatus>(s.Status), Attempt = s.Attempt,
        MaxAttempts = s.MaxAttempts, RunAt = s.RunAt, CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt, LastError = s.LastError,
        CorrelationId = s.CorrelationId, Tags = s.Tags,
    };

    public static ScheduleInfo Schedule(G.Schedules.ScheduleView v) => new()
    {
        Id = v.Id,
        Cron = v.Spec.Cron,
        TimeZone = v.Spec.TimeZone,
        Job = v.Spec.Job is { } job ? Template(job) : null,
        Workflow = v.Spec.Workflow,
        StartAt = v.Spec.StartAt,
        EndAt = v.Spec.EndAt,
        Description = v.Spec.Description,
        Misfire = EnumMap.To<ScheduleMisfire>(v.Spec.Misfire),
        Overlap = EnumMap.To<ScheduleOverlap>(v.Spec.Overlap),
        Status = EnumMap.To<ScheduleStatus>(v.Status),
        NextFireAt = v.NextFireAt,
        LastFireAt = v.LastFireAt,
        LastJobId = v.LastJobId,
        FireCount = v.FireCount,
        CreatedAt = v.CreatedAt,
        UpdatedAt = v.UpdatedAt,
    };

    public static ScheduleRunInfo Run(G.Schedules.ScheduleRun r) => new()
    {
        FireTime = r.FireTime, Kind = EnumMap.To<ScheduleRunKind>(r.Kind), JobId = r.JobId, Skipped = r.Skipped, At = r.At, IsWorkflow = r.IsWorkflow,
    };

    public static WorkflowInfo Workflow(G.Workflows.WorkflowView v) => new()
    {
        Id = v.Id,
        TenantId = v.TenantId,
        Name = v.Name,
        Status = EnumMap.To<WorkflowStatus>(v.Status),
        FailurePolicy = EnumMap.To<WorkflowFailurePolicy>(v.FailurePolicy),
        Steps = v.Steps.Select(s => new WorkflowStepInfo
        {
            Name = s.Name, DependsOn = s.DependsOn, Status = EnumMap.To<WorkflowStepStatus>(s.Status), Reason = s.Reason, JobId = s.JobId,
            Runs = s.Runs, StartedAt = s.StartedAt, EndedAt = s.EndedAt, Result = s.Result, Error = s.Error, Attempts = s.Attempts,
        }).ToList(),
        CreatedAt = v.CreatedAt,
        EndedAt = v.EndedAt,
        Run = v.Run,
        CorrelationId = v.CorrelationId,
    };

    /// <summary>A schedule's job as submitted (the gateway shows the backoff in full once set).</summary>
    private static JobTemplate Template(G.Jobs.JobSpec s) => new()
    {
        Type = s.Type,
        Payload = ClientJson.Parse(s.Payload),
        Queue = s.Queue,
        Priority = s.Priority,
        MaxAttempts = s.MaxAttempts,
        Backoff = s.Backoff is { } b ? new BackoffOptions { Initial = b.Initial, Max = b.Max, Multiplier = b.Multiplier, Jitter = EnumMap.To<BackoffJitter>(b.Jitter) } : null,
        Timeout = s.Timeout,
        Tags = s.Tags,
    };
}
