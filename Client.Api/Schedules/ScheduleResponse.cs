using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;

namespace Orchestrator.Client.Api.Schedules;

/// <summary>A schedule as the API returns it.</summary>
public sealed record ScheduleResponse(
    Guid Id, string Cron, string? TimeZone, ScheduleJobTemplate? Job, string? Workflow, DateTimeOffset? StartAt, DateTimeOffset? EndAt, string? Description,
    string Misfire, string Overlap, ScheduleStatus Status, DateTimeOffset? NextFireAt, DateTimeOffset? LastFireAt, Guid? LastJobId,
    long FireCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ScheduleResponse From(ScheduleView v) => new(
        v.Id, v.Spec.Cron, v.Spec.TimeZone, v.Spec.Job is null ? null : ScheduleJobTemplate.From(v.Spec.Job), v.Spec.Workflow, v.Spec.StartAt, v.Spec.EndAt, v.Spec.Description,
        SchedulePolicyNames.Name(v.Spec.Misfire), SchedulePolicyNames.Name(v.Spec.Overlap), v.Status, v.NextFireAt, v.LastFireAt, v.LastJobId,
        v.FireCount, v.CreatedAt, v.UpdatedAt);
}

/// <summary>The job a schedule fires, as submitted.</summary>
public sealed record ScheduleJobTemplate(string Type, JsonElement Payload, string Queue, int Priority, int? MaxAttempts, BackoffPolicy? Backoff,
    TimeSpan? Timeout, IReadOnlyList<string> Tags)
{
    public static ScheduleJobTemplate From(JobSpec s)
    {
        using var payload = JsonDocument.Parse(s.Payload);
        return new(s.Type, payload.RootElement.Clone(), s.Queue, s.Priority, s.MaxAttempts, s.Backoff, s.Timeout, s.Tags);
    }
}
