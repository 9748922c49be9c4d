using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Api.Auth;

/// <summary>Sign-in settings (<c>Orchestrator:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Orchestrator:Auth";
    public const string DefaultIssuer = "orchestrator";
    public const string DefaultAudience = "orchestrator-api";
    public static readonly TimeSpan DefaultAccessTokenLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultRefreshTokenLifetime = TimeSpan.FromDays(30);
    public static readonly TimeSpan DefaultApiKeyCacheTtl = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The HS256 key that signs and checks access tokens, base64, at least 32 bytes; every gateway of a cluster needs
    /// the same one. Required in cluster mode. In embedded mode, when empty, a random key is generated at start
    /// (development only: tokens then die with the process).
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = DefaultIssuer;
    public string Audience { get; set; } = DefaultAudience;
    public TimeSpan AccessTokenLifetime { get; set; } = DefaultAccessTokenLifetime;
    public TimeSpan RefreshTokenLifetime { get; set; } = DefaultRefreshTokenLifetime;

    /// <summary>
    /// How long a gateway trusts an API key it has checked. A revocation is immediate on the gateway that took it and
    /// takes up to this long on the others.
    /// </summary>
    public TimeSpan ApiKeyCacheTtl { get; set; } = DefaultApiKeyCacheTtl;

    /// <summary>The platform admin (<c>POST /admin/login</c>); none unless configured (embedded mode generates one).</summary>
    public PlatformAdminOptions PlatformAdmin { get; set; } = new();
}

/// <summary>The platform admin's credentials (<c>Orchestrator:Auth:PlatformAdmin</c>). There is no default password.</summary>
public sealed class PlatformAdminOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}

/// <summary>Checks lifetimes and the signing key's shape at start.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinSigningKeyBytes = 32;
    public const int MinAdminPasswordLength = 12;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.SigningKey)
            && (!TryDecodeBase64(options.SigningKey, out var key) || key.Length < MinSigningKeyBytes))
        {
            errors.Add($"{AuthOptions.Section}:SigningKey must be base64 of at least {MinSigningKeyBytes} random bytes (e.g. `openssl rand -base64 48`).");
        }
        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.AccessTokenLifetime > TimeSpan.FromDays(1))
            errors.Add($"{AuthOptions.Section}:AccessTokenLifetime must be positive and at most a day.");
        if (options.RefreshTokenLifetime <= options.AccessTokenLifetime)
            errors.Add($"{AuthOptions.Section}:RefreshTokenLifetime must be longer than AccessTokenLifetime.");
        if (options.ApiKeyCacheTtl < TimeSpan.Zero) errors.Add($"{AuthOptions.Section}:ApiKeyCacheTtl must not be negative.");
        var admin = options.PlatformAdmin;
        if (string.IsNullOrEmpty(admin.Email) != string.IsNullOrEmpty(admin.Password))
            errors.Add($"{AuthOptions.Section}:PlatformAdmin needs both Email and Password, or neither.");
        if (!string.IsNullOrEmpty(admin.Password) && admin.Password.Length < MinAdminPasswordLength)
            errors.Add($"{AuthOptions.Section}:PlatformAdmin:Password must have at least {MinAdminPasswordLength} characters.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written)) return false;
        bytes = bytes[..written];
        return true;
    }
}
