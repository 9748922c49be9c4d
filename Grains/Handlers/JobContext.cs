using System.Text.Json;

namespace Orchestrator.Grains.Handlers;

/// <summary>What a handler knows about the attempt it runs.</summary>
public sealed record JobContext
{
    public required string TenantId { get; init; }
    public required Guid JobId { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    /// <summary>The attempt number over the job's whole history, from 1.</summary>
    public required int Attempt { get; init; }
    public required JsonElement Payload { get; init; }
    public required string CorrelationId { get; init; }
    /// <summary>The attempt's timeout; the cancellation token fires when it passes.</summary>
    public required TimeSpan Timeout { get; init; }
}
