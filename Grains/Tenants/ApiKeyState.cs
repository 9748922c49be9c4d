namespace Orchestrator.Grains.Tenants;

/// <summary>The persistent state of one API key grain: the secret's SHA-256, never the secret. Ids are stable.</summary>
[GenerateSerializer, Alias("ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public string TenantId { get; set; } = "";
    [Id(1)] public string AppId { get; set; } = "";
    [Id(2)] public string Role { get; set; } = "";
    [Id(3)] public byte[] SecretHash { get; set; } = [];
    [Id(4)] public DateTimeOffset? ExpiresAt { get; set; }
    [Id(5)] public DateTimeOffset? RevokedAt { get; set; }
}
