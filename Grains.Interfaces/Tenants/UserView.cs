namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>A user of a tenant, without credentials.</summary>
[GenerateSerializer, Alias("UserView")]
public sealed record UserView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string Role,
    [property: Id(3)] DateTimeOffset CreatedAt);
