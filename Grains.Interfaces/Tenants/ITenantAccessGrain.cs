namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>A tenant's apps, API keys and users: the same activation as <see cref="ITenantGrain"/>, split by concept.</summary>
[Alias("tenant-access")]
public interface ITenantAccessGrain : IGrainWithStringKey
{
    /// <summary>Creates an app.</summary>
    [Alias("create-app")]
    Task<AppView> CreateApp(string appId, string name);

    /// <summary>The tenant's apps, oldest first.</summary>
    [Alias("list-apps")]
    Task<IReadOnlyList<AppView>> ListApps();

    /// <summary>Adds an API key to one of the tenant's apps and makes it usable.</summary>
    [Alias("add-key")]
    Task<ApiKeyView> AddApiKey(ApiKeyRecord key);

    /// <summary>The tenant's API keys (revoked ones included), oldest first.</summary>
    [Alias("list-keys")]
    Task<IReadOnlyList<ApiKeyView>> ListApiKeys();

    /// <summary>Revokes a key at once. Revoking a revoked key returns it unchanged.</summary>
    [Alias("revoke-key")]
    Task<ApiKeyView> RevokeApiKey(string keyId);

    /// <summary>Adds <paramref name="replacement"/> (same app, name and role) and lets the old key work until <paramref name="oldKeyExpiresAt"/>.</summary>
    [Alias("rotate-key")]
    Task<ApiKeyView> RotateApiKey(string keyId, ApiKeyRecord replacement, DateTimeOffset oldKeyExpiresAt);

    /// <summary>Adds a user (whose email must be free across all tenants).</summary>
    [Alias("add-user")]
    Task<UserView> AddUser(UserRecord user);

    /// <summary>The tenant's users, oldest first.</summary>
    [Alias("list-users")]
    Task<IReadOnlyList<UserView>> ListUsers();

    /// <summary>Changes a user's role; the tenant always keeps at least one owner.</summary>
    [Alias("set-user-role")]
    Task<UserView> SetUserRole(string userId, string role);

    /// <summary>Removes a user; their refresh tokens stop working and their access tokens lapse within their short lifetime.</summary>
    [Alias("remove-user")]
    Task RemoveUser(string userId);
}
