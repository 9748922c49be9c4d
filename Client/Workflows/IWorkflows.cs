namespace Orchestrator.Client.Workflows;

/// <summary>The tenant's workflows: DAGs of steps, each an ordinary job (tagged <c>workflow:{id}</c>).</summary>
public interface IWorkflows
{
    /// <summary>Starts a workflow; 400 names the bad field (<c>steps[1].dependsOn</c>, <c>steps[0].job.type</c>…).</summary>
    Task<WorkflowInfo> SubmitAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The workflow, or null when the tenant has no such workflow.</summary>
    Task<WorkflowInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Cancels running steps and every step not started (409 unless running).</summary>
    Task<WorkflowInfo> CancelAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Runs failed, cancelled and skipped steps and all after them again, keeping succeeded steps (409 unless failed, cancelled or timed out).</summary>
    Task<WorkflowInfo> RerunAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Reads the workflow until it ended; a <see cref="TimeoutException"/> after <paramref name="timeout"/>, 404 when there is none.</summary>
    Task<WorkflowInfo> WaitForCompletionAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken = default);
}
