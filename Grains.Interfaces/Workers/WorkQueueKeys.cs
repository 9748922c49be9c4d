namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>Keys of <see cref="IWorkQueueGrain"/>: one per tenant and queue.</summary>
public static class WorkQueueKeys
{
    public static string Of(string tenantId, string queue) => $"{tenantId}/{queue}";
}
