using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>The workflow's status does not allow the request (HTTP 409), e.g. re-running a workflow that is still running.</summary>
[GenerateSerializer, Alias("WorkflowStateException")]
public sealed class WorkflowStateException : JobDomainException
{
    public WorkflowStateException(string message) : base(message) { }
}
