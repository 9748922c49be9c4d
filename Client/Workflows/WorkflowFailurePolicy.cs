using System.Text.Json.Serialization;

namespace Orchestrator.Client.Workflows;

/// <summary>What a workflow does when a step fails it (wire names <c>run-to-completion</c>, <c>fail-fast</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<WorkflowFailurePolicy>))]
public enum WorkflowFailurePolicy
{
    /// <summary>Running steps finish; steps whose trigger rule allows still run (the default).</summary>
    RunToCompletion = 0,
    /// <summary>Running steps are cancelled at once.</summary>
    FailFast = 1,
}
