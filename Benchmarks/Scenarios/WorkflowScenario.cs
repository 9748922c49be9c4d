using System.Diagnostics;
using Orchestrator.Benchmarks.Targets;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Benchmarks.Scenarios;

/// <summary>
/// <c>workflow</c>: one workflow of <c>WIDTH</c> × <c>DEPTH</c> no-op steps (default 100 × 10 = 1,000), wide and
/// deep: step (layer L, i) waits for (L−1, i) and (L−1, i+1 mod WIDTH), so every layer fans out and in. Reports the
/// time from submit to Succeeded, the time per step, and the time per layer (the critical path's cost per step).
/// </summary>
public static class WorkflowScenario
{
    public static async Task RunAsync(BenchSettings settings)
    {
        var mode = settings.String("MODE", "embedded");
        var width = settings.Int("WIDTH", 100);
        var depth = settings.Int("DEPTH", 10);
        await using var target = await BenchTargets.StartAsync(settings, mode, "client", settings.Int("SILOS", 1));

        var steps = new List<WorkflowStepSpec>(width * depth);
        for (var layer = 0; layer < depth; layer++)
        {
            for (var i = 0; i < width; i++)
            {
                steps.Add(new WorkflowStepSpec
                {
                    Name = $"l{layer}-{i}",
                    Job = new JobSpec { Type = "noop", CorrelationId = "bench-workflow" },
                    DependsOn = layer == 0 ? [] : [$"l{layer - 1}-{i}", $"l{layer - 1}-{(i + 1) % width}"],
                });
            }
        }
        var spec = new WorkflowSpec { Steps = steps, CorrelationId = "bench-workflow" };
        var grain = target.Grains.GetGrain<IWorkflowGrain>(JobIds.GrainKey(JobIds.DefaultTenant, Guid.CreateVersion7()));

        var clock = Stopwatch.StartNew();
        await grain.Start(spec);
        var submitted = clock.Elapsed;
        WorkflowView view;
        while ((view = (await grain.Get())!).Status == WorkflowStatus.Running)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"workflow still running after 10 minutes: {view.Steps.Count(s => s.Status == StepStatus.Succeeded)} steps done");
            await Task.Delay(100);
        }
        var total = clock.Elapsed;
        Report.Print("workflow",
            new Dictionary<string, object?> { ["mode"] = mode, ["width"] = width, ["depth"] = depth, ["steps"] = steps.Count, ["target"] = target.Description },
            new Dictionary<string, object?>
            {
                ["status"] = view.Status.ToString(),
                ["start_call_ms"] = Math.Round(submitted.TotalMilliseconds, 1),
                ["total_s"] = Math.Round(total.TotalSeconds, 2),
                ["ms_per_step"] = Math.Round(total.TotalMilliseconds / steps.Count, 2),
                ["ms_per_layer"] = Math.Round(total.TotalMilliseconds / depth, 1),
                ["steps_per_s"] = Math.Round(steps.Count / total.TotalSeconds),
            });
    }
}
