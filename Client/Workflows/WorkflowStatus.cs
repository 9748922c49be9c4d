using System.Text.Json.Serialization;

namespace Orchestrator.Client.Workflows;

/// <summary>A workflow's state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
public enum WorkflowStatus
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    Cancelled = 3,
    TimedOut = 4,
}
