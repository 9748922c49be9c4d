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
    public (string Token, TimeSpan Lifetime) ForPlatformAdmin(string email) => Issue(PlatformAdminClaims(email));

    /// <summary>
    /// The platform admin's dashboard session (<see cref="DashboardSession"/>): the same claims and lifetime as
    /// <see cref="ForPlatformAdmin"/>, for the audience <see cref="DashboardSession.Audience"/>, so the cookie is no
    /// bearer token for the API and an API token is no dashboard cookie.
    /// </summary>
    public (string Token, TimeSpan Lifetime) ForDashboard(string email) => Issue(PlatformAdminClaims(email), DashboardSession.Audience(options.Value));

    /// <summary>
    /// What a valid token is: signed HS256 with our key (an unsigned <c>alg: none</c> token or any other algorithm is
    /// refused), from our issuer, for our audience, not expired (30 s of clock skew).
    /// </summary>
    public TokenValidationParameters ValidationParameters() => ValidationParameters(options.Value.Audience);

    /// <summary>What a valid dashboard session token is: as <see cref="ValidationParameters()"/>, for the dashboard's audience.</summary>
    public TokenValidationParameters DashboardValidationParameters() => ValidationParameters(DashboardSession.Audience(options.Value));

    private TokenValidationParameters ValidationParameters(string audience) => new()
    {
        IssuerSigningKey = signingKey.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidIssuer = options.Value.Issuer,
        ValidAudience = audience,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = OrchestratorClaims.Name,
        RoleClaimType = OrchestratorClaims.Role,
    };

    private static Dictionary<string, object> PlatformAdminClaims(string email) => new()
    {
        [OrchestratorClaims.Subject] = $"admin:{email}",
        [OrchestratorClaims.Role] = Roles.PlatformAdmin,
        [OrchestratorClaims.Kind] = "admin",
        [OrchestratorClaims.Name] = email,
    };

    private (string, TimeSpan) Issue(Dictionary<string, object> claims, string? audience = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = options.Value.Issuer,
            Audience = audience ?? options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, lifetime);
    }
}
