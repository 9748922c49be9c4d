using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>
/// The decisions of a workflow as pure functions: whether a pending step starts, is skipped or waits (its trigger rule
/// on its parents' outcomes, then its condition), and the field errors of a definition beyond the graph's shape.
/// </summary>
public static class WorkflowRules
{
    /// <summary>What to do with a pending step now.</summary>
    public enum Verdict { Wait, Start, Skip }

    /// <summary>Judges a pending step on its parents' states.</summary>
    public static (Verdict Verdict, string? Reason) Judge(WorkflowStepSpec step, IReadOnlyDictionary<string, WorkflowStepState> states)
    {
        var parents = step.DependsOn.Select(d => states[d]).ToList();
        var allEnded = parents.All(p => p.IsEnded);
        var anySucceeded = parents.Any(p => p.Status == StepStatus.Succeeded);
        var anyFailed = parents.Any(p => p.Status is StepStatus.Failed or StepStatus.Cancelled);
        var (verdict, reason) = step.Trigger switch
        {
            _ when parents.Count == 0 => (Verdict.Start, null),
            StepTrigger.AllSucceeded when !allEnded => (Verdict.Wait, null),
            StepTrigger.AllSucceeded => parents.All(p => p.Status == StepStatus.Succeeded)
                ? (Verdict.Start, null)
                : (Verdict.Skip, $"not every parent succeeded ({string.Join(", ", parents.Where(p => p.Status != StepStatus.Succeeded).Select(p => $"{p.Name}: {p.Status}"))})"),
            StepTrigger.AllDone => allEnded ? (Verdict.Start, null) : (Verdict.Wait, null),
            StepTrigger.AnyFailed => anyFailed ? (Verdict.Start, null) : allEnded ? (Verdict.Skip, "no parent failed") : (Verdict.Wait, null),
            StepTrigger.OneSucceeded => anySucceeded ? (Verdict.Start, null) : allEnded ? (Verdict.Skip, "no parent succeeded") : (Verdict.Wait, null),
            _ => (Verdict.Wait, (string?)null),
        };
        if (verdict != Verdict.Start || step.Condition is null) return (verdict, reason);
        StepReferences.TryParseCondition(step.Condition, out var condition, out _);
        return StepReferences.Holds(condition!, states[condition!.Step].Result)
            ? (Verdict.Start, null)
            : (Verdict.Skip, $"condition is false: {step.Condition}");
    }

    /// <summary>Field errors of a definition: the graph, step names, conditions and placeholders (which must name a parent or an ancestor).</summary>
    public static Dictionary<string, string[]> Validate(WorkflowSpec spec)
    {
        var nodes = spec.Steps.Select(s => new WorkflowGraph.Node(s.Name, s.DependsOn)).ToList();
        var errors = WorkflowGraph.Validate(nodes);
        for (var i = 0; i < spec.Steps.Count; i++)
        {
            if (!StepReferences.IsValidName(spec.Steps[i].Name))
            {
                errors[$"steps[{i}].name"] = ["1-64 characters of letters, digits, '-' and '_'."];
            }
        }
        if (errors.Count > 0) return errors;

        var ancestors = Ancestors(nodes);
        for (var i = 0; i < spec.Steps.Count; i++)
        {
            var step = spec.Steps[i];
            if (step.Condition is not null)
            {
                if (!StepReferences.TryParseCondition(step.Condition, out var condition, out var problem)) errors[$"steps[{i}].condition"] = [problem!];
                else if (!step.DependsOn.Contains(condition!.Step)) errors[$"steps[{i}].condition"] = [$"'{condition.Step}' is not a parent of '{step.Name}' (list it in dependsOn)."];
            }
            var unknown = StepReferences.PlaceholderSteps(step.Job.Payload).Where(s => !ancestors[step.Name].Contains(s)).ToList();
            if (unknown.Count > 0) errors[$"steps[{i}].job.payload"] = [$"Placeholders may only name steps this one waits for; not: {string.Join(", ", unknown)}."];
        }
        return errors;
    }

    private static Dictionary<string, HashSet<string>> Ancestors(List<WorkflowGraph.Node> nodes)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var ancestors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in WorkflowGraph.TopologicalOrder(nodes))
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parent in byName[name].DependsOn)
            {
                set.Add(parent);
                set.UnionWith(ancestors[parent]);
            }
            ancestors[name] = set;
        }
        return ancestors;
    }
}
