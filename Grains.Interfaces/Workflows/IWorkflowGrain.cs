using Orleans.Concurrency;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>
/// One workflow run, keyed <c>{tenant}/{workflowId}</c>: starts each step as an ordinary job when its rules allow,
/// hears from the jobs when they end, and decides the rest.
/// </summary>
[Alias("workflow")]
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Starts the workflow (the same id again returns it).</summary>
    [Alias("start")]
    Task<WorkflowView> Start(WorkflowSpec spec);

    /// <summary>The workflow with its steps, or null when it does not exist.</summary>
    [Alias("get")]
    Task<WorkflowView?> Get();

    /// <summary>Cancels running steps and every step not started; the workflow ends Cancelled.</summary>
    [Alias("cancel")]
    Task<WorkflowView> Cancel();

    /// <summary>Runs the failed, cancelled and skipped steps and everything after them again; succeeded steps keep their results.</summary>
    [Alias("rerun")]
    Task<WorkflowView> Rerun();

    /// <summary>
    /// A step's job ended. One-way: the job grain does not wait, so a workflow cancelling that job at the same moment
    /// cannot deadlock with it; a lost notice is caught by the workflow's own periodic check of its running steps.
    /// </summary>
    [OneWay, Alias("step-ended")]
    Task StepEnded(string step, Guid jobId, JobStatus status, string? result, string? error, int attempts);
}
