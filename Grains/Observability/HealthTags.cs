namespace Orchestrator.Grains.Observability;

/// <summary>Tags of the health checks: <c>/readyz</c> runs those tagged <see cref="Ready"/>; <c>/healthz</c> runs none.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
