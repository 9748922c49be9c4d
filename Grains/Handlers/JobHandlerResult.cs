namespace Orchestrator.Grains.Handlers;

/// <summary>What a successful attempt returns: an optional JSON result and an optional output tail.</summary>
public sealed record JobHandlerResult(string? ResultJson = null, string? Output = null)
{
    public static JobHandlerResult Empty { get; } = new();
}
