using Orchestrator.Grains.Workflows;
using Node = Orchestrator.Grains.Workflows.WorkflowGraph.Node;

namespace Orchestrator.Tests.Workflows;

/// <summary>The DAG rules of a workflow, table-driven: each bad graph names its problem.</summary>
public sealed class WorkflowGraphTests
{
    /// <summary>"a:b,c d:a" — steps separated by spaces, each "name:dependency,dependency".</summary>
    private static List<Node> Graph(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s =>
        {
            var parts = s.Split(':');
            return new Node(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1].Split(',') : []);
        }).ToList();

    [Theory]
    [InlineData("a")]
    [InlineData("a b:a c:a d:b,c")] // diamond
    [InlineData("x y z")]
    public void ValidGraphs_HaveNoErrors(string graph) => Assert.Empty(WorkflowGraph.Validate(Graph(graph)));

    [Theory]
    [InlineData("", "steps", "at least one step")]
    [InlineData("a b a", "steps[2].name", "Duplicate step name 'a'")]
    [InlineData("a:zz", "steps[0].dependsOn", "Unknown step 'zz'")]
    [InlineData("a:a", "steps[0].dependsOn", "depends on itself")]
    [InlineData("a b:a,a", "steps[1].dependsOn", "listed twice")]
    [InlineData("a:c b:a c:b", "steps", "cycle: a → b → c → a")]
    [InlineData("root x:root,z y:x z:y", "steps", "cycle: x → y → z → x")]
    public void BadGraphs_NameTheProblem(string graph, string field, string message)
    {
        var errors = WorkflowGraph.Validate(Graph(graph));
        Assert.True(errors.TryGetValue(field, out var messages), $"errors: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        Assert.Contains(message, string.Join(" ", messages));
    }

    [Fact]
    public void MoreThanAThousandSteps_IsRefused_AndAThousandDeepChainIsFine()
    {
        var chain = Enumerable.Range(0, WorkflowGraph.MaxSteps).Select(i => new Node($"s{i}", i == 0 ? [] : [$"s{i - 1}"])).ToList();
        Assert.Empty(WorkflowGraph.Validate(chain));
        Assert.Equal(chain.Select(n => n.Name), WorkflowGraph.TopologicalOrder(chain));
        chain.Add(new Node("one-too-many", []));
        Assert.Contains("at most 1000", string.Join(" ", WorkflowGraph.Validate(chain)["steps"]));
    }

    [Fact]
    public void TopologicalOrder_PutsEveryStepAfterItsDependencies()
    {
        var graph = Graph("d:b,c b:a c:a a");
        var order = WorkflowGraph.TopologicalOrder(graph);
        foreach (var node in graph)
        {
            Assert.All(node.DependsOn, d => Assert.True(order.IndexOf(d) < order.IndexOf(node.Name), $"{d} before {node.Name}"));
        }
    }
}
