using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Hosting;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// The platform admin's credentials, from <see cref="AuthOptions.PlatformAdmin"/>. The password is hashed at start and
/// only the hash is kept. Embedded mode with none configured generates a random password and prints it at start
/// (development only); cluster mode has no platform admin unless configured. There is no default password.
/// </summary>
public sealed class PlatformAdmin
{
    private const string EmbeddedEmail = "admin@localhost";
    private readonly string? _passwordHash;

    public PlatformAdmin(IOptions<AuthOptions> options, IConfiguration configuration)
    {
        var configured = options.Value.PlatformAdmin;
        if (!string.IsNullOrEmpty(configured.Email) && !string.IsNullOrEmpty(configured.Password))
        {
            Email = configured.Email.Trim().ToLowerInvariant();
            _passwordHash = Passwords.Hash(configured.Password);
        }
        else if (configuration.GetOrchestratorMode() == OrchestratorMode.Embedded)
        {
            Email = EmbeddedEmail;
            GeneratedPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
            _passwordHash = Passwords.Hash(GeneratedPassword);
        }
    }

    /// <summary>The admin's email, or null when there is no platform admin.</summary>
    public string? Email { get; }

    /// <summary>The password generated at start in embedded mode (printed once), else null.</summary>
    public string? GeneratedPassword { get; }

    /// <summary>True when the credentials are the platform admin's (constant work whether or not an admin exists).</summary>
    public bool Verify(string email, string password)
    {
        var emailMatches = Email is not null && string.Equals(Email, email.Trim(), StringComparison.OrdinalIgnoreCase);
        return Passwords.Verify(emailMatches ? _passwordHash : null, password) && emailMatches;
    }
}
