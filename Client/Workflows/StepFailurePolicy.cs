using System.Text.Json.Serialization;

namespace Orchestrator.Client.Workflows;

/// <summary>What a step's failure means for its workflow (wire names <c>fail-workflow</c>, <c>continue</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<StepFailurePolicy>))]
public enum StepFailurePolicy
{
    /// <summary>The workflow ends Failed (the default).</summary>
    FailWorkflow = 0,
    /// <summary>The workflow goes on and can still succeed.</summary>
    Continue = 1,
}
