using System.Text;
using Geralt;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// Password hashing with Argon2id (libsodium through Geralt), at OWASP's recommended cost (19 MiB, 2 passes, ~30 ms on
/// one core here). Hashing runs in the gateway, never in a grain turn, and only the encoded hash travels on.
/// </summary>
public static class Passwords
{
    public const int MinLength = 10;
    public const int MaxLength = 256;
    private const int Iterations = 2;
    private const int MemoryBytes = 19 * 1024 * 1024;

    /// <summary>A hash to verify against when the user does not exist, so a missing account costs the same time as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => Hash(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

    /// <summary>The encoded hash (<c>$argon2id$v=19$m=19456,t=2,p=1$…</c>).</summary>
    public static string Hash(string password)
    {
        Span<char> hash = stackalloc char[Argon2id.HashSize];
        Argon2id.ComputeHash(hash, Encoding.UTF8.GetBytes(password), Iterations, MemoryBytes);
        return new string(hash).TrimEnd('\0');
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; with no hash, spends the same time and returns false.</summary>
    public static bool Verify(string? hash, string password)
    {
        var ok = Argon2id.VerifyHash(hash ?? DummyHash.Value, Encoding.UTF8.GetBytes(password));
        return hash is not null && ok;
    }

    /// <summary>Why a new password is not acceptable, or null.</summary>
    public static string? Problem(string? password) =>
        password is null || password.Length < MinLength ? $"At least {MinLength} characters."
        : password.Length > MaxLength ? $"At most {MaxLength} characters."
        : null;
}
