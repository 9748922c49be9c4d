using System.Security.Claims;

namespace Orchestrator.Client.Api.Auth;

/// <summary>Reads the signed-in caller from <see cref="OrchestratorClaims"/>.</summary>
public static class Caller
{
    /// <summary>The caller's tenant. Endpoints behind a tenant policy always have one.</summary>
    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(OrchestratorClaims.Tenant) ?? throw new InvalidOperationException("The caller has no tenant; the endpoint needs a tenant policy.");

    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(OrchestratorClaims.Role);

    public static string? Subject(this ClaimsPrincipal user) => user.FindFirstValue(OrchestratorClaims.Subject);

    public static string? Kind(this ClaimsPrincipal user) => user.FindFirstValue(OrchestratorClaims.Kind);
}
