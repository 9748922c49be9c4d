using Microsoft.Extensions.Options;
using Orchestrator.Client.Hosting;
using Orchestrator.Client.Workflows;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workflows;
using StepFailurePolicy = Orchestrator.Grains.Interfaces.Workflows.StepFailurePolicy;
using StepTrigger = Orchestrator.Grains.Interfaces.Workflows.StepTrigger;
using WorkflowFailurePolicy = Orchestrator.Grains.Interfaces.Workflows.WorkflowFailurePolicy;

namespace Orchestrator.Client.Cluster;

/// <summary>
/// <see cref="IWorkflows"/> by grain calls, for the configured tenant. Before starting, the gateway's checks of each
/// step's job (limits, then handler rules); the workflow grain checks the graph, names, rules and conditions itself.
/// </summary>
internal sealed class GrainWorkflows(IClusterClient cluster, IOptions<OrchestratorClientOptions> options, TimeProvider time) : IWorkflows
{
    /// <summary>The longest workflow name the gateway accepts.</summary>
    public const int MaxNameLength = 100;

    private string TenantId => options.Value.TenantId;

    public async Task<WorkflowInfo> SubmitAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        var spec = await ReadAsync(definition);
        return await GrainProblems.CallAsync(async () => GrainViews.Workflow(await Workflow(Guid.CreateVersion7()).Start(spec)));
    }

    public Task<WorkflowInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => await Workflow(id).Get() is { } view ? GrainViews.Workflow(view) : null);

    public Task<WorkflowInfo> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => GrainViews.Workflow(await Workflow(id).Cancel()));

    public Task<WorkflowInfo> RerunAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => GrainViews.Workflow(await Workflow(id).Rerun()));

    public Task<WorkflowInfo> WaitForCompletionAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WorkflowCompletion.WaitAsync(this, id, timeout, options.Value.MaxPollInterval, time, cancellationToken);

    private async Task<WorkflowSpec> ReadAsync(WorkflowDefinition d)
    {
        var errors = new Dictionary<string, string[]>();
        var correlationId = d.CorrelationId ?? Guid.NewGuid().ToString("N");
        var name = d.Name?.Trim();
        if (name is { Length: 0 or > MaxNameLength }) errors["name"] = [$"A string of 1-{MaxNameLength} characters."];
        if (d.Timeout is { } timeout && timeout <= TimeSpan.Zero) errors["timeout"] = ["A positive number of seconds or ISO 8601 duration."];
        var steps = (d.Steps ?? []).Select((step, i) =>
        {
            var job = JobSpecs.From(step.Job, correlationId);
            JobSpecs.Validate(job, $"steps[{i}].job.", errors);
            return new WorkflowStepSpec
            {
                Name = step.Name ?? "",
                Job = job,
                DependsOn = step.DependsOn ?? [],
                Trigger = step.Trigger is { } trigger ? EnumMap.To<StepTrigger>(trigger) : StepTrigger.AllSucceeded,
                Condition = step.Condition,
                OnFailure = step.OnFailure is { } onFailure ? EnumMap.To<StepFailurePolicy>(onFailure) : StepFailurePolicy.FailWorkflow,
            };
        }).ToList();
        if (errors.Count > 0) throw GrainProblems.Validation(errors);

        var handlerErrors = await GrainProblems.CallAsync(() => cluster.GetGrain<IJobCatalogGrain>(0).Validate(steps.Select(s => s.Job).ToList()));
        if (handlerErrors.Count > 0)
        {
            throw GrainProblems.Validation(handlerErrors.SelectMany(e => e.Value.Select(f => (Key: $"steps[{e.Key}].job.{f.Key}", f.Value)))
                .ToDictionary(e => e.Key, e => e.Value));
        }
        return new WorkflowSpec
        {
            Steps = steps,
            FailurePolicy = d.FailurePolicy is { } policy ? EnumMap.To<WorkflowFailurePolicy>(policy) : WorkflowFailurePolicy.RunToCompletion,
            Timeout = d.Timeout,
            Name = name,
            CorrelationId = correlationId,
        };
    }

    private IWorkflowGrain Workflow(Guid id) => cluster.GetGrain<IWorkflowGrain>(JobIds.GrainKey(TenantId, id));
}
