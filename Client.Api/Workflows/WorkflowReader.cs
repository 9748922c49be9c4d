using System.Text.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Grains.Workflows;

namespace Orchestrator.Client.Api.Workflows;

/// <summary>
/// Reads a workflow submission into a <see cref="WorkflowSpec"/>, or into field errors naming the field and the rule:
/// the graph (cycles named), names, trigger rules, conditions, placeholders and each step's job. Unknown fields are refused.
/// </summary>
public static class WorkflowReader
{
    private static readonly HashSet<string> Fields = ["name", "steps", "failurePolicy", "timeout"];
    private static readonly HashSet<string> StepFields = ["name", "job", "dependsOn", "trigger", "condition", "onFailure"];

    public static readonly IReadOnlyDictionary<string, StepTrigger> Triggers = new Dictionary<string, StepTrigger>
    {
        ["all-succeeded"] = StepTrigger.AllSucceeded,
        ["all-done"] = StepTrigger.AllDone,
        ["any-failed"] = StepTrigger.AnyFailed,
        ["one-succeeded"] = StepTrigger.OneSucceeded,
    };

    public static readonly IReadOnlyDictionary<string, StepFailurePolicy> StepFailures = new Dictionary<string, StepFailurePolicy>
    {
        ["fail-workflow"] = StepFailurePolicy.FailWorkflow,
        ["continue"] = StepFailurePolicy.Continue,
    };

    public static readonly IReadOnlyDictionary<string, WorkflowFailurePolicy> WorkflowFailures = new Dictionary<string, WorkflowFailurePolicy>
    {
        ["run-to-completion"] = WorkflowFailurePolicy.RunToCompletion,
        ["fail-fast"] = WorkflowFailurePolicy.FailFast,
    };

    public sealed record Result(WorkflowSpec? Spec, Dictionary<string, string[]> Errors, int MaxPayloadBytes);

    public static Result Read(JsonElement body, string correlationId)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object) return new Result(null, new() { ["body"] = ["The body must be a JSON object."] }, 0);
        foreach (var p in body.EnumerateObject().Where(p => !Fields.Contains(p.Name))) errors[p.Name] = [$"Unknown field. Known fields: {string.Join(", ", Fields)}."];

        string? name = null;
        if (body.TryGetProperty("name", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            if (n.ValueKind == JsonValueKind.String && n.GetString()!.Trim() is { Length: > 0 and <= 100 } text) name = text;
            else errors["name"] = ["A string of 1-100 characters."];
        }
        var failurePolicy = Enum(body, "failurePolicy", WorkflowFailures, errors, "") ?? WorkflowFailurePolicy.RunToCompletion;
        TimeSpan? timeout = null;
        if (body.TryGetProperty("timeout", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (JsonDuration.TryRead(t, out var duration) && duration > TimeSpan.Zero) timeout = duration;
            else errors["timeout"] = ["A positive number of seconds or ISO 8601 duration."];
        }

        var steps = new List<WorkflowStepSpec>();
        var maxPayload = 0;
        if (!body.TryGetProperty("steps", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            errors["steps"] = ["Required: an array of steps ({\"name\", \"job\", \"dependsOn\"})."];
        }
        else if (items.GetArrayLength() > WorkflowGraph.MaxSteps)
        {
            errors["steps"] = [$"A workflow has at most {WorkflowGraph.MaxSteps} steps; this one has {items.GetArrayLength()}."];
        }
        else
        {
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var step = ReadStep(item, $"steps[{i}].", correlationId, errors, ref maxPayload);
                if (step is not null) steps.Add(step);
                i++;
            }
        }
        if (errors.Count > 0) return new Result(null, errors, maxPayload);

        var spec = new WorkflowSpec { Steps = steps, FailurePolicy = failurePolicy, Timeout = timeout, Name = name, CorrelationId = correlationId };
        foreach (var (field, messages) in WorkflowRules.Validate(spec)) errors[field] = messages;
        return new Result(errors.Count == 0 ? spec : null, errors, maxPayload);
    }

    private static WorkflowStepSpec? ReadStep(JsonElement item, string prefix, string correlationId, Dictionary<string, string[]> errors, ref int maxPayload)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors[prefix.TrimEnd('.')] = ["Each step must be a JSON object."];
            return null;
        }
        var before = errors.Count;
        foreach (var p in item.EnumerateObject().Where(p => !StepFields.Contains(p.Name))) errors[prefix + p.Name] = [$"Unknown field. Known fields: {string.Join(", ", StepFields)}."];
        var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        if (name is null) errors[prefix + "name"] = ["Required: the step's name."];
        var dependsOn = new List<string>();
        if (item.TryGetProperty("dependsOn", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind == JsonValueKind.Array && d.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String)) dependsOn.AddRange(d.EnumerateArray().Select(x => x.GetString()!));
            else errors[prefix + "dependsOn"] = ["An array of step names."];
        }
        var trigger = Enum(item, "trigger", Triggers, errors, prefix) ?? StepTrigger.AllSucceeded;
        var onFailure = Enum(item, "onFailure", StepFailures, errors, prefix) ?? StepFailurePolicy.FailWorkflow;
        string? condition = null;
        if (item.TryGetProperty("condition", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind == JsonValueKind.String) condition = c.GetString();
            else errors[prefix + "condition"] = ["A string such as steps.check.result.status == \"ok\"."];
        }
        if (!item.TryGetProperty("job", out var job))
        {
            errors[prefix + "job"] = ["Required: the job the step runs ({\"type\": ..., \"payload\": ...})."];
            return null;
        }
        var read = JobSubmissionReader.Read(job, prefix + "job.", correlationId, idempotencyKey: null);
        maxPayload = Math.Max(maxPayload, read.PayloadBytes);
        foreach (var (field, messages) in read.Errors) errors[field] = messages;
        if (job.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in new[] { "runAt", "delay" }.Where(f => job.TryGetProperty(f, out _))) errors[$"{prefix}job.{field}"] = ["Not used in a workflow: a step's job runs when the step starts."];
        }
        if (errors.Count > before || read.Spec is null || name is null) return null;
        return new WorkflowStepSpec { Name = name, Job = read.Spec, DependsOn = dependsOn, Trigger = trigger, Condition = condition, OnFailure = onFailure };
    }

    private static T? Enum<T>(JsonElement body, string name, IReadOnlyDictionary<string, T> names, Dictionary<string, string[]> errors, string prefix) where T : struct
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String && names.TryGetValue(value.GetString()!, out var parsed)) return parsed;
        errors[prefix + name] = [$"One of: {string.Join(", ", names.Keys)}."];
        return null;
    }
}
