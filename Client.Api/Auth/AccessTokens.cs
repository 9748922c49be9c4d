using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orchestrator.Client.Api.Auth;

/// <summary>Issues the short-lived JWT access tokens (HS256) and describes how they are checked.</summary>
public sealed class AccessTokens(SigningKey signingKey, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token for a tenant user.</summary>
    public (string Token, TimeSpan Lifetime) ForUser(string tenantId, string userId, string email, string role) =>
        Issue(new Dictionary<string, object>
        {
            [OrchestratorClaims.Subject] = userId,
            [OrchestratorClaims.Tenant] = tenantId,
            [OrchestratorClaims.Role] = role,
            [OrchestratorClaims.Kind] = "user",
            [OrchestratorClaims.Name] = email,
        });

    /// <summary>A token for the platform admin: no tenant.</summary>
    public (string Token, TimeSpan Lifetime) ForPlatformAdmin(string email) =>
        Issue(new Dictionary<string, object>
        {
            [OrchestratorClaims.Subject] = $"admin:{email}",
            [OrchestratorClaims.Role] = Roles.PlatformAdmin,
            [OrchestratorClaims.Kind] = "admin",
            [OrchestratorClaims.Name] = email,
        });

    /// <summary>
    /// What a valid token is: signed HS256 with our key (an unsigned <c>alg: none</c> token or any other algorithm is
    /// refused), from our issuer, for our audience, not expired (30 s of clock skew).
    /// </summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        IssuerSigningKey = signingKey.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = OrchestratorClaims.Name,
        RoleClaimType = OrchestratorClaims.Role,
    };

    private (string, TimeSpan) Issue(Dictionary<string, object> claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, lifetime);
    }
}
