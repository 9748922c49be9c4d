using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// API keys look like <c>orch_{id}_{secret}</c>: the id (16 characters of [a-z0-9], ~82 bits) is public, names the
/// key in lists and logs and is its lookup key; the secret (32 random bytes, base64url) is shown once. Only SHA-256 of
/// the secret is stored: a fast hash is right here because the secret is random and long, not a human password.
/// </summary>
public static class ApiKeys
{
    public const string Header = "X-API-Key";
    private const string Prefix = "orch_";
    private const int IdLength = 16;
    private const int SecretBytes = 32;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new key: the full text to show once, its public id and the secret's hash to store.</summary>
    public static (string Key, string Id, byte[] SecretHash) Generate()
    {
        var id = RandomNumberGenerator.GetString(IdAlphabet, IdLength);
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return ($"{Prefix}{id}_{secret}", id, Hash(secret));
    }

    /// <summary>Splits a presented key into id and secret hash; false when it cannot be one of ours.</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out byte[]? secretHash)
    {
        id = null;
        secretHash = null;
        if (key is null || key.Length != Prefix.Length + IdLength + 1 + 43 || !key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var candidate = key.Substring(Prefix.Length, IdLength);
        if (key[Prefix.Length + IdLength] != '_' || candidate.Any(c => !IdAlphabet.Contains(c))) return false;
        var secret = key[(Prefix.Length + IdLength + 1)..];
        if (secret.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return false;
        id = candidate;
        secretHash = Hash(secret);
        return true;
    }

    /// <summary>The public part shown in lists: <c>orch_{id}</c>.</summary>
    public static string DisplayPrefix(string id) => Prefix + id;

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));
}
