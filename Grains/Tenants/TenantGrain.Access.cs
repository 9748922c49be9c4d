using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>
/// Apps, API keys and users. Order of writes: a new key or user is recorded here first, then made usable in its lookup
/// grain (a failure in between leaves a listed key nobody holds the secret of, never a usable key nobody can see);
/// a revocation is applied to the lookup grain first, then recorded here.
/// </summary>
public sealed partial class TenantGrain
{
    /// <summary>The role that can never disappear from a tenant.</summary>
    private const string OwnerRole = "owner";

    public async Task<AppView> CreateApp(string appId, string name)
    {
        EnsureExists();
        // The same app again (a retried call, or two gateways seeding the default tenant at once) is that app.
        if (State.Apps.FirstOrDefault(a => a.Id == appId) is { } same && same.Name == name) return same;
        if (State.Apps.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new TenancyConflictException($"An app named '{name}' already exists.");
        }
        var app = new AppView(appId, name, time.GetUtcNow());
        State.Apps.Add(app);
        await tenant.WriteStateAsync();
        return app;
    }

    public Task<IReadOnlyList<AppView>> ListApps() => Task.FromResult<IReadOnlyList<AppView>>(tenant.RecordExists ? [.. State.Apps] : []);

    public async Task<ApiKeyView> AddApiKey(ApiKeyRecord key)
    {
        EnsureExists();
        if (State.Apps.All(a => a.Id != key.AppId)) throw new TenancyNotFoundException($"No app {key.AppId}.");
        if (State.Keys.FirstOrDefault(k => k.Id == key.Id) is { } known) return known; // the same key added again
        var view = new ApiKeyView(key.Id, key.AppId, key.Name, key.Role, key.CreatedAt, key.ExpiresAt, RevokedAt: null, ReplacedBy: null);
        State.Keys.Add(view);
        await tenant.WriteStateAsync();
        await GrainFactory.GetGrain<IApiKeyGrain>(key.Id).Set(Id, key);
        return view;
    }

    public Task<IReadOnlyList<ApiKeyView>> ListApiKeys() => Task.FromResult<IReadOnlyList<ApiKeyView>>(tenant.RecordExists ? [.. State.Keys] : []);

    public async Task<ApiKeyView> RevokeApiKey(string keyId)
    {
        var (index, key) = FindKey(keyId);
        if (key.RevokedAt is not null) return key;
        await GrainFactory.GetGrain<IApiKeyGrain>(keyId).Revoke();
        State.Keys[index] = key with { RevokedAt = time.GetUtcNow() };
        await tenant.WriteStateAsync();
        return State.Keys[index];
    }

    public async Task<ApiKeyView> RotateApiKey(string keyId, ApiKeyRecord replacement, DateTimeOffset oldKeyExpiresAt)
    {
        var (index, old) = FindKey(keyId);
        var now = time.GetUtcNow();
        if (old.RevokedAt is not null || old.ExpiresAt <= now) throw new TenancyRuleException($"Key {keyId} is revoked or expired; create a new key instead.");
        if (old.ReplacedBy is not null) throw new TenancyRuleException($"Key {keyId} was already rotated to {old.ReplacedBy}.");

        var key = replacement with { AppId = old.AppId, Name = old.Name, Role = old.Role };
        var view = new ApiKeyView(key.Id, key.AppId, key.Name, key.Role, key.CreatedAt, key.ExpiresAt, RevokedAt: null, ReplacedBy: null);
        var expiresAt = old.ExpiresAt is { } e && e < oldKeyExpiresAt ? e : oldKeyExpiresAt;
        State.Keys.Add(view);
        State.Keys[index] = old with { ExpiresAt = expiresAt, ReplacedBy = key.Id };
        await tenant.WriteStateAsync();
        await GrainFactory.GetGrain<IApiKeyGrain>(key.Id).Set(Id, key);
        await GrainFactory.GetGrain<IApiKeyGrain>(keyId).ExpireAt(expiresAt);
        return view;
    }

    public async Task<UserView> AddUser(UserRecord user)
    {
        EnsureExists();
        await GrainFactory.GetGrain<IUserGrain>(user.Email).Create(user with { TenantId = Id });
        var view = new UserView(user.UserId, user.Email, user.Role, user.CreatedAt);
        State.Users.Add(view);
        await tenant.WriteStateAsync();
        return view;
    }

    public Task<IReadOnlyList<UserView>> ListUsers() => Task.FromResult<IReadOnlyList<UserView>>(tenant.RecordExists ? [.. State.Users] : []);

    public async Task<UserView> SetUserRole(string userId, string role)
    {
        var (index, user) = FindUser(userId);
        if (user.Role == OwnerRole && role != OwnerRole) EnsureAnotherOwner(userId);
        await GrainFactory.GetGrain<IUserGrain>(user.Email).SetRole(role);
        State.Users[index] = user with { Role = role };
        await tenant.WriteStateAsync();
        return State.Users[index];
    }

    public async Task RemoveUser(string userId)
    {
        var (index, user) = FindUser(userId);
        if (user.Role == OwnerRole) EnsureAnotherOwner(userId);
        await GrainFactory.GetGrain<IUserGrain>(user.Email).Remove();
        State.Users.RemoveAt(index);
        await tenant.WriteStateAsync();
    }

    private (int Index, ApiKeyView Key) FindKey(string keyId)
    {
        EnsureExists();
        var index = State.Keys.FindIndex(k => k.Id == keyId);
        return index < 0 ? throw new TenancyNotFoundException($"No API key {keyId}.") : (index, State.Keys[index]);
    }

    private (int Index, UserView User) FindUser(string userId)
    {
        EnsureExists();
        var index = State.Users.FindIndex(u => u.Id == userId);
        return index < 0 ? throw new TenancyNotFoundException($"No user {userId}.") : (index, State.Users[index]);
    }

    private void EnsureAnotherOwner(string userId)
    {
        if (!State.Users.Any(u => u.Role == OwnerRole && u.Id != userId))
        {
            throw new TenancyRuleException("A tenant keeps at least one owner; make another user owner first.");
        }
    }
}
