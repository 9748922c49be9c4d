namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>
/// A user's sign-in record. <paramref name="PasswordHash"/> is an encoded Argon2id hash computed by the gateway:
/// the plaintext password never reaches a grain or the database.
/// </summary>
[GenerateSerializer, Alias("UserRecord")]
public sealed record UserRecord(
    [property: Id(0)] string UserId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Email,
    [property: Id(3)] string Role,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] DateTimeOffset CreatedAt);
