using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Orchestrator.Client.Api.Auth;

/// <summary>The key that signs access tokens: from <see cref="AuthOptions.SigningKey"/>, or generated once per process in embedded mode.</summary>
public sealed class SigningKey
{
    public SigningKey(IOptions<AuthOptions> options, bool allowGenerated)
    {
        var configured = options.Value.SigningKey;
        if (string.IsNullOrEmpty(configured))
        {
            if (!allowGenerated)
            {
                throw new InvalidOperationException(
                    $"Set {AuthOptions.Section}:SigningKey (env Orchestrator__Auth__SigningKey) to base64 of at least 32 random bytes, the same on every gateway.");
            }
            Generated = true;
            Key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(48)) { KeyId = "dev" };
        }
        else
        {
            Key = new SymmetricSecurityKey(Convert.FromBase64String(configured)) { KeyId = "configured" };
        }
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>True when the key was generated at start (development only).</summary>
    public bool Generated { get; }
}
