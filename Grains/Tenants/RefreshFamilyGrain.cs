using System.Security.Cryptography;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>Rotates one sign-in's refresh tokens and revokes the family when an old token comes back.</summary>
public sealed class RefreshFamilyGrain(
    [PersistentState("refresh", TenancyStorage.Name)] IPersistentState<RefreshFamilyState> family,
    TimeProvider time) : Grain, IRefreshFamilyGrain
{
    /// <summary>How many used hashes are kept for reuse detection; a family rotated more often than this forgets its oldest.</summary>
    private const int UsedHashesKept = 100;

    public async Task Start(string email, string userId, byte[] tokenHash, DateTimeOffset expiresAt)
    {
        if (family.RecordExists) throw new TenancyConflictException("This refresh family exists.");
        var s = family.State;
        s.Email = email;
        s.UserId = userId;
        s.CurrentHash = tokenHash;
        s.ExpiresAt = expiresAt;
        await family.WriteStateAsync();
    }

    public async Task<RefreshRotation> Rotate(byte[] presentedHash, byte[] nextHash)
    {
        var s = family.State;
        if (!family.RecordExists || s.RevokedAt is not null || s.ExpiresAt <= time.GetUtcNow()) return Invalid();
        if (CryptographicOperations.FixedTimeEquals(s.CurrentHash, presentedHash))
        {
            s.UsedHashes.Add(s.CurrentHash);
            if (s.UsedHashes.Count > UsedHashesKept) s.UsedHashes.RemoveAt(0);
            s.CurrentHash = nextHash;
            await family.WriteStateAsync();
            return new RefreshRotation(RefreshOutcome.Rotated, s.Email, s.UserId);
        }
        if (s.UsedHashes.Any(h => CryptographicOperations.FixedTimeEquals(h, presentedHash)))
        {
            s.RevokedAt = time.GetUtcNow();
            await family.WriteStateAsync();
            return new RefreshRotation(RefreshOutcome.Reused, null, null);
        }
        return Invalid();
    }

    public async Task Revoke()
    {
        if (!family.RecordExists || family.State.RevokedAt is not null) return;
        family.State.RevokedAt = time.GetUtcNow();
        await family.WriteStateAsync();
    }

    private RefreshRotation Invalid()
    {
        if (!family.RecordExists) DeactivateOnIdle();
        return new RefreshRotation(RefreshOutcome.Invalid, null, null);
    }
}
