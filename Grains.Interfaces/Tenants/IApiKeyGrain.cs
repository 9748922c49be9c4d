namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>
/// One API key, keyed by its public id: the lookup a request's <c>X-API-Key</c> needs, as one grain read instead of a
/// table scan. Only <see cref="ITenantAccessGrain"/> creates, revokes or expires keys.
/// </summary>
[Alias("apikey")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the key for its tenant.</summary>
    [Alias("set")]
    Task Set(string tenantId, ApiKeyRecord key);

    /// <summary>The key's identity when <paramref name="secretHash"/> matches and the key is neither revoked nor expired; otherwise null.</summary>
    [Alias("authenticate")]
    Task<ApiKeyIdentity?> Authenticate(byte[] secretHash);

    /// <summary>Makes the key unusable from now on.</summary>
    [Alias("revoke")]
    Task Revoke();

    /// <summary>Makes the key unusable from <paramref name="at"/> (a rotation's overlap window).</summary>
    [Alias("expire-at")]
    Task ExpireAt(DateTimeOffset at);
}
