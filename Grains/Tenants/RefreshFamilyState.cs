namespace Orchestrator.Grains.Tenants;

/// <summary>The persistent state of one refresh-token family: hashes only. Ids are stable.</summary>
[GenerateSerializer, Alias("RefreshFamilyState")]
public sealed class RefreshFamilyState
{
    [Id(0)] public string Email { get; set; } = "";
    [Id(1)] public string UserId { get; set; } = "";
    [Id(2)] public byte[] CurrentHash { get; set; } = [];
    /// <summary>Hashes of tokens already exchanged; presenting one of them again is reuse.</summary>
    [Id(3)] public List<byte[]> UsedHashes { get; set; } = [];
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(5)] public DateTimeOffset? RevokedAt { get; set; }
}
