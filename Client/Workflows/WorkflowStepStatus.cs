using System.Text.Json.Serialization;

namespace Orchestrator.Client.Workflows;

/// <summary>A workflow step's state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStepStatus>))]
public enum WorkflowStepStatus
{
    Pending = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Skipped = 4,
    Cancelled = 5,
}
