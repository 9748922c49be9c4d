namespace Orchestrator.Grains.Execution;

/// <summary>One attempt handed by a job grain to its silo's executor.</summary>
public sealed record JobWorkItem
{
    public required string JobKey { get; init; }
    public required string TenantId { get; init; }
    public required int Attempt { get; init; }
    public required string Queue { get; init; }
    public required int Priority { get; init; }
    public required string Type { get; init; }
    public required string Payload { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required string CorrelationId { get; init; }
    /// <summary>The W3C trace context of the request that submitted the job (tracing on), or null.</summary>
    public string? TraceParent { get; init; }
}
