namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>
/// A new API key as the gateway hands it to the tenant. <paramref name="Id"/> is the key's public part (its lookup
/// key); <paramref name="SecretHash"/> is SHA-256 of the secret part. The secret itself is shown to the caller once
/// and stored nowhere.
/// </summary>
[GenerateSerializer, Alias("ApiKeyRecord")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string AppId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Role,
    [property: Id(4)] byte[] SecretHash,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? ExpiresAt);
