namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>An application of a tenant: a named owner of API keys (one per service that calls the API).</summary>
[GenerateSerializer, Alias("AppView")]
public sealed record AppView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt);
