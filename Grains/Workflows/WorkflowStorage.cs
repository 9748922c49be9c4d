namespace Orchestrator.Grains.Workflows;

/// <summary>The grain storage of workflows: in memory in embedded mode, PostgreSQL (ADO.NET) in cluster mode.</summary>
public static class WorkflowStorage
{
    public const string Name = "workflows";
}
