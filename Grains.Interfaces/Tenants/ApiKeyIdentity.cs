namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>Who a valid API key speaks for. <paramref name="ExpiresAt"/> bounds how long a gateway may cache it.</summary>
[GenerateSerializer, Alias("ApiKeyIdentity")]
public sealed record ApiKeyIdentity(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string AppId,
    [property: Id(3)] string Role,
    [property: Id(4)] DateTimeOffset? ExpiresAt);
