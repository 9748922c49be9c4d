using System.Text.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Grains.Schedules;
using Orchestrator.Grains.Workflows;

namespace Orchestrator.Client.Api.Schedules;

/// <summary>
/// Reads a schedule definition (create) or the fields to change (update, on top of <c>current</c>) into a
/// <see cref="ScheduleSpec"/>, or into field errors that say exactly what is wrong: the cron expression, the time zone,
/// an end before the start, a job template field. Unknown fields are refused.
/// </summary>
public static class ScheduleReader
{
    public const int MaxDescriptionLength = 1000;
    private static readonly HashSet<string> Fields = ["cron", "timeZone", "job", "workflow", "startAt", "endAt", "description", "misfire", "overlap"];

    public sealed record Result(ScheduleSpec? Spec, Dictionary<string, string[]> Errors, int PayloadBytes);

    public static Result Read(JsonElement body, ScheduleSpec? current, string correlationId, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object) return new Result(null, new() { ["body"] = ["The body must be a JSON object."] }, 0);
        foreach (var property in body.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            errors[property.Name] = [$"Unknown field. Known fields: {string.Join(", ", Fields)}."];
        }

        var cron = String(body, "cron", errors) ?? current?.Cron;
        if (cron is null) errors["cron"] = ["Required: a cron expression (5 or 6 fields), a macro such as @hourly, or @every <duration>."];
        var timeZone = body.TryGetProperty("timeZone", out _) ? String(body, "timeZone", errors) : current?.TimeZone;
        var startAt = body.TryGetProperty("startAt", out _) ? Timestamp(body, "startAt", errors) : current?.StartAt;
        var endAt = body.TryGetProperty("endAt", out _) ? Timestamp(body, "endAt", errors) : current?.EndAt;
        var description = body.TryGetProperty("description", out _) ? String(body, "description", errors) : current?.Description;
        if (description?.Length > MaxDescriptionLength) errors["description"] = [$"At most {MaxDescriptionLength} characters."];
        var misfire = Policy(body, "misfire", SchedulePolicyNames.Misfire, errors) ?? current?.Misfire ?? MisfirePolicy.FireOnce;
        var overlap = Policy(body, "overlap", SchedulePolicyNames.Overlap, errors) ?? current?.Overlap ?? OverlapPolicy.Allow;
        if (startAt is { } s && endAt is { } e && e <= s) errors["endAt"] = [$"Must be after startAt ({s:O})."];
        if (endAt is { } end && end <= now) errors["endAt"] = ["Must be in the future."];

        var job = current?.Job;
        var workflow = current?.Workflow;
        var payloadBytes = 0;
        var givesWorkflow = body.TryGetProperty("workflow", out var w) && w.ValueKind != JsonValueKind.Null;
        if (givesWorkflow && body.TryGetProperty("job", out _))
        {
            errors["workflow"] = ["Give either job or workflow, not both."];
        }
        else if (givesWorkflow)
        {
            if (w.ValueKind == JsonValueKind.String && StepReferences.IsValidName(w.GetString()!))
            {
                workflow = w.GetString();
                job = null;
            }
            else errors["workflow"] = ["The name of a saved workflow definition (/v1/workflow-definitions)."];
        }
        else if (body.TryGetProperty("job", out var template))
        {
            workflow = null;
            var read = JobSubmissionReader.Read(template, "job.", correlationId, idempotencyKey: null);
            payloadBytes = read.PayloadBytes;
            foreach (var (field, messages) in read.Errors) errors[field] = messages;
            if (template.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in new[] { "runAt", "delay" }.Where(f => template.TryGetProperty(f, out _)))
                {
                    errors[$"job.{field}"] = ["Not used in a schedule: each fire runs its job at once."];
                }
            }
            job = read.Spec;
        }
        else if (job is null && workflow is null)
        {
            errors["job"] = ["Required: the job each fire creates ({\"type\": ..., \"payload\": ...}), or a workflow definition's name in \"workflow\"."];
        }

        if (cron is not null && !CronSchedule.TryParse(cron, timeZone, startAt ?? now, out _, out var cronErrors))
        {
            foreach (var (field, messages) in cronErrors) errors[field] = messages;
        }
        if (errors.Count > 0 || (job is null && workflow is null)) return new Result(null, errors, payloadBytes);
        return new Result(new ScheduleSpec
        {
            Cron = cron!,
            TimeZone = timeZone,
            Job = job,
            Workflow = workflow,
            StartAt = startAt,
            EndAt = endAt,
            Description = description,
            Misfire = misfire,
            Overlap = overlap,
        }, errors, payloadBytes);
    }

    private static string? String(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 } text) return text;
        errors[name] = ["Must be a non-empty string."];
        return null;
    }

    private static DateTimeOffset? Timestamp(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at)) return at;
        errors[name] = ["Must be an RFC 3339 timestamp with an offset, e.g. 2030-01-01T09:00:00+01:00."];
        return null;
    }

    private static T? Policy<T>(JsonElement body, string name, IReadOnlyDictionary<string, T> names, Dictionary<string, string[]> errors) where T : struct
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String && names.TryGetValue(value.GetString()!, out var policy)) return policy;
        errors[name] = [$"One of: {string.Join(", ", names.Keys)}."];
        return null;
    }
}
