using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// Checks an <c>X-API-Key</c>: one read of the key's grain, then cached for <see cref="AuthOptions.ApiKeyCacheTtl"/>
/// (never past the key's expiry) under a hash of the whole key, so a wrong secret never hits a cached entry.
/// </summary>
public sealed class ApiKeyAuthenticator(IClusterClient cluster, IOptions<AuthOptions> options, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity? Identity, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Who the key speaks for, or null when it is malformed, unknown, wrong, revoked or expired.</summary>
    public async ValueTask<ApiKeyIdentity?> AuthenticateAsync(string presented)
    {
        if (!ApiKeys.TryParse(presented, out var id, out var secretHash)) return null;
        var cacheKey = $"{id}:{Convert.ToBase64String(secretHash)}";
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var entry) && entry.Until > now) return entry.Identity;

        var identity = await cluster.GetGrain<IApiKeyGrain>(id).Authenticate(secretHash);
        var until = now + options.Value.ApiKeyCacheTtl;
        if (identity?.ExpiresAt is { } expires && expires < until) until = expires;
        if (_cache.Count >= MaxEntries) _cache.Clear(); // crude bound: a flood of distinct keys only costs re-checks
        _cache[cacheKey] = (identity, until);
        return identity;
    }

    /// <summary>Forgets every cached entry of a key (after this gateway revoked or rotated it).</summary>
    public void Invalidate(string keyId)
    {
        foreach (var cached in _cache.Keys.Where(k => k.StartsWith(keyId + ":", StringComparison.Ordinal))) _cache.TryRemove(cached, out _);
    }
}
