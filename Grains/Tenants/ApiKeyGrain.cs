using System.Security.Cryptography;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>Answers "whose key is this" for one key id; written only by its tenant's grain.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", TenancyStorage.Name)] IPersistentState<ApiKeyState> key,
    TimeProvider time) : Grain, IApiKeyGrain
{
    public async Task Set(string tenantId, ApiKeyRecord record)
    {
        if (key.RecordExists && key.State.TenantId != tenantId) throw new TenancyConflictException("This key id is taken.");
        var s = key.State;
        s.TenantId = tenantId;
        s.AppId = record.AppId;
        s.Role = record.Role;
        s.SecretHash = record.SecretHash;
        s.ExpiresAt = record.ExpiresAt;
        s.RevokedAt = null;
        await key.WriteStateAsync();
    }

    public Task<ApiKeyIdentity?> Authenticate(byte[] secretHash)
    {
        if (!key.RecordExists)
        {
            DeactivateOnIdle();
            return Task.FromResult<ApiKeyIdentity?>(null);
        }
        var s = key.State;
        // Constant-time comparison: the time taken must not tell how much of a guessed hash matched.
        var valid = CryptographicOperations.FixedTimeEquals(s.SecretHash, secretHash)
            && s.RevokedAt is null
            && (s.ExpiresAt is null || s.ExpiresAt > time.GetUtcNow());
        return Task.FromResult(valid ? new ApiKeyIdentity(this.GetPrimaryKeyString(), s.TenantId, s.AppId, s.Role, s.ExpiresAt) : null);
    }

    public async Task Revoke()
    {
        if (!key.RecordExists || key.State.RevokedAt is not null) return;
        key.State.RevokedAt = time.GetUtcNow();
        await key.WriteStateAsync();
    }

    public async Task ExpireAt(DateTimeOffset at)
    {
        if (!key.RecordExists) return;
        key.State.ExpiresAt = at;
        await key.WriteStateAsync();
    }
}
