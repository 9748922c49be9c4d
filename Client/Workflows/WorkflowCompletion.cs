namespace Orchestrator.Client.Workflows;

/// <summary>Waiting for a workflow to end, the same on both transports.</summary>
internal static class WorkflowCompletion
{
    public static Task<WorkflowInfo> WaitAsync(IWorkflows workflows, Guid id, TimeSpan timeout, TimeSpan maxInterval, TimeProvider time, CancellationToken cancellationToken) =>
        Polling.UntilAsync(
            async ct => await workflows.GetAsync(id, ct) ?? throw new OrchestratorException(404, OrchestratorProblemTypes.NotFound, "Not found", $"No workflow {id}."),
            workflow => workflow.IsFinished, timeout, maxInterval, time,
            workflow => $"Workflow {id} is still {workflow.Status} ({string.Join(", ", workflow.Steps.Select(s => $"{s.Name}: {s.Status}"))})",
            cancellationToken);
}
