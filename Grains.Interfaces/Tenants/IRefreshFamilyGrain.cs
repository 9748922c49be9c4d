namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>
/// One refresh-token family (one sign-in), keyed by family id. Only its newest token is valid; presenting an older
/// one means a token was stolen and replayed, so the whole family is revoked (OAuth 2.0 refresh-token rotation).
/// Tokens are compared as SHA-256 hashes; the tokens themselves are stored nowhere.
/// </summary>
[Alias("refresh-family")]
public interface IRefreshFamilyGrain : IGrainWithStringKey
{
    /// <summary>Starts the family of user <paramref name="userId"/> with its first token.</summary>
    [Alias("start")]
    Task Start(string email, string userId, byte[] tokenHash, DateTimeOffset expiresAt);

    /// <summary>Rotates from <paramref name="presentedHash"/> to <paramref name="nextHash"/>, or detects reuse.</summary>
    [Alias("rotate")]
    Task<RefreshRotation> Rotate(byte[] presentedHash, byte[] nextHash);

    /// <summary>Ends the family (logout); a revoked family stays revoked.</summary>
    [Alias("revoke")]
    Task Revoke();
}
