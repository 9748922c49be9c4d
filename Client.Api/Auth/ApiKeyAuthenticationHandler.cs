using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Api.Auth;

/// <summary>The <c>ApiKey</c> scheme: authenticates <c>X-API-Key</c> into the same claims a user token carries.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values)) return AuthenticateResult.NoResult();
        var identity = await keys.AuthenticateAsync(values.ToString());
        if (identity is null) return AuthenticateResult.Fail("The API key is invalid, revoked or expired.");
        var claims = new ClaimsIdentity(
            [
                new Claim(OrchestratorClaims.Subject, $"key:{identity.KeyId}"),
                new Claim(OrchestratorClaims.Tenant, identity.TenantId),
                new Claim(OrchestratorClaims.Role, identity.Role),
                new Claim(OrchestratorClaims.Kind, "apikey"),
                new Claim(OrchestratorClaims.Name, ApiKeys.DisplayPrefix(identity.KeyId)),
            ],
            SchemeName, OrchestratorClaims.Name, OrchestratorClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-API-Key\"";
        return Task.CompletedTask;
    }
}
