using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// Refresh tokens look like <c>{family id}.{secret}</c>: the family id addresses the sign-in's
/// <see cref="Grains.Interfaces.Tenants.IRefreshFamilyGrain"/>, the secret (32 random bytes) is stored only as SHA-256.
/// </summary>
public static class RefreshTokens
{
    /// <summary>A new family id.</summary>
    public static string NewFamilyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new token of <paramref name="familyId"/> and the hash to store.</summary>
    public static (string Token, byte[] Hash) Next(string familyId)
    {
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{familyId}.{secret}", Hash(secret));
    }

    /// <summary>Splits a presented token; false when it cannot be one of ours.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? familyId, [NotNullWhen(true)] out byte[]? hash)
    {
        familyId = null;
        hash = null;
        var dot = token?.IndexOf('.') ?? -1;
        if (token is null || dot != 32 || token.Length != 32 + 1 + 43) return false;
        var family = token[..dot];
        var secret = token[(dot + 1)..];
        if (!family.All(char.IsAsciiHexDigitLower) || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        familyId = family;
        hash = Hash(secret);
        return true;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));
}
