namespace Orchestrator.Grains.Workflows;

/// <summary>
/// The shape rules of a workflow's DAG, as a pure function: at least one step and at most <see cref="MaxSteps"/>,
/// unique names, dependencies that exist, and no cycle — the error names the cycle (<c>a → b → c → a</c>). Also the
/// order in which steps can run (a topological order).
/// </summary>
public static class WorkflowGraph
{
    public const int MaxSteps = 1000;

    /// <summary>One step's name and the names it depends on.</summary>
    public readonly record struct Node(string Name, IReadOnlyList<string> DependsOn);

    /// <summary>Field errors of the graph (keyed like <c>steps[3].dependsOn</c>); empty when it is a valid DAG.</summary>
    public static Dictionary<string, string[]> Validate(IReadOnlyList<Node> steps)
    {
        var errors = new Dictionary<string, string[]>();
        if (steps.Count == 0)
        {
            errors["steps"] = ["A workflow needs at least one step."];
            return errors;
        }
        if (steps.Count > MaxSteps)
        {
            errors["steps"] = [$"A workflow has at most {MaxSteps} steps; this one has {steps.Count}."];
            return errors;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (!index.TryAdd(steps[i].Name, i)) errors[$"steps[{i}].name"] = [$"Duplicate step name '{steps[i].Name}' (first at steps[{index[steps[i].Name]}])."];
        }
        for (var i = 0; i < steps.Count; i++)
        {
            var problems = new List<string>();
            foreach (var dependency in steps[i].DependsOn)
            {
                if (dependency == steps[i].Name) problems.Add($"'{dependency}' depends on itself.");
                else if (!index.ContainsKey(dependency)) problems.Add($"Unknown step '{dependency}'.");
            }
            if (steps[i].DependsOn.Distinct(StringComparer.Ordinal).Count() != steps[i].DependsOn.Count) problems.Add("A dependency is listed twice.");
            if (problems.Count > 0) errors[$"steps[{i}].dependsOn"] = [.. problems];
        }
        if (errors.Count > 0) return errors;

        if (FindCycle(steps, index) is { } cycle)
        {
            errors["steps"] = [$"The steps form a cycle: {string.Join(" → ", cycle)} (each waits for the one before it)."];
        }
        return errors;
    }

    /// <summary>The steps in an order where every step comes after all it depends on (the graph must be valid).</summary>
    public static List<string> TopologicalOrder(IReadOnlyList<Node> steps)
    {
        var remaining = steps.ToDictionary(s => s.Name, s => s.DependsOn.Count, StringComparer.Ordinal);
        var dependents = steps.SelectMany(s => s.DependsOn.Select(d => (d, s.Name))).ToLookup(p => p.d, p => p.Name, StringComparer.Ordinal);
        var ready = new Queue<string>(steps.Where(s => s.DependsOn.Count == 0).Select(s => s.Name));
        var order = new List<string>(steps.Count);
        while (ready.TryDequeue(out var name))
        {
            order.Add(name);
            foreach (var dependent in dependents[name])
            {
                if (--remaining[dependent] == 0) ready.Enqueue(dependent);
            }
        }
        return order;
    }

    /// <summary>A cycle as the list of names around it (first name repeated at the end), or null. Iterative: 1,000 deep is fine.</summary>
    private static List<string>? FindCycle(IReadOnlyList<Node> steps, Dictionary<string, int> index)
    {
        var state = new byte[steps.Count]; // 0 unvisited, 1 on the current path, 2 done
        var parent = new int[steps.Count];
        for (var root = 0; root < steps.Count; root++)
        {
            if (state[root] != 0) continue;
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            parent[root] = -1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var dependencies = steps[node].DependsOn;
                if (next == dependencies.Count)
                {
                    state[node] = 2;
                    continue;
                }
                stack.Push((node, next + 1));
                var child = index[dependencies[next]];
                if (state[child] == 1)
                {
                    // node depends on child, which is on the current path: walking up from node to child lists the
                    // cycle in run order ("x → y": y waits for x).
                    var path = new List<string> { steps[child].Name };
                    for (var at = node; at != child; at = parent[at]) path.Add(steps[at].Name);
                    path.Add(steps[child].Name);
                    return path;
                }
                if (state[child] == 0)
                {
                    state[child] = 1;
                    parent[child] = node;
                    stack.Push((child, 0));
                }
            }
        }
        return null;
    }
}
