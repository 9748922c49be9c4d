using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Orchestrator.Client.Api.Problems;
using Orchestrator.Grains.Tenants;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// Turns authorization outcomes into problem details: 401 (no or invalid credentials, with the scheme's
/// WWW-Authenticate), 403 when the role lacks the right, and 403 <c>tenant-blocked</c> for any authorized call of a
/// blocked tenant — the one place a block is enforced for keys and tokens alike.
/// </summary>
public sealed class AuthorizationProblems(TenantSettingsCache tenants) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            foreach (var scheme in policy.AuthenticationSchemes.DefaultIfEmpty(null)) await context.ChallengeAsync(scheme);
            var detail = DashboardSession.IsDashboardRequest(context.Request)
                ? $"Sign in as the platform admin at {DashboardSession.LoginPath}, or send a platform admin's bearer access token."
                : "Send a valid X-API-Key header or a bearer access token.";
            await TypedResults.Problem(detail, statusCode: 401, title: "Unauthorized", type: ProblemTypes.Unauthorized).ExecuteAsync(context);
            return;
        }
        if (result.Forbidden)
        {
            var role = context.User.Role() ?? "none";
            await TypedResults.Problem($"The role '{role}' may not do this.", statusCode: 403, title: "Forbidden", type: ProblemTypes.Forbidden).ExecuteAsync(context);
            return;
        }
        if (context.User.FindFirst(OrchestratorClaims.Tenant)?.Value is { } tenantId && (await tenants.GetAsync(tenantId)).IsBlocked)
        {
            await AuthProblems.TenantBlocked(tenantId).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
