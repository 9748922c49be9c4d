namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>An API key as listed: never its secret. <paramref name="ReplacedBy"/> names the key a rotation created.</summary>
[GenerateSerializer, Alias("ApiKeyView")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string AppId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Role,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] DateTimeOffset? RevokedAt,
    [property: Id(7)] string? ReplacedBy);
