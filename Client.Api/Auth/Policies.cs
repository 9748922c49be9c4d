using Microsoft.AspNetCore.Authorization;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// The authorization policies and the roles each allows: one table, which the endpoint-coverage test reads. Every
/// endpoint names one of these or is explicitly anonymous.
/// </summary>
public static class Policies
{
    /// <summary>Read the tenant's jobs, DLQ, tenant summary.</summary>
    public const string JobsRead = "jobs:read";

    /// <summary>Submit, cancel and retry jobs.</summary>
    public const string JobsWrite = "jobs:write";

    /// <summary>Manage the tenant's apps, API keys and users; read its audit log and its invoices.</summary>
    public const string TenantManage = "tenant:manage";

    /// <summary>External workers: register, lease, heartbeat, complete and fail jobs (<c>/v1/workers</c>).</summary>
    public const string Work = "work";

    /// <summary>Everything under <c>/admin</c>.</summary>
    public const string Platform = "platform";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedRoles = new Dictionary<string, IReadOnlyList<string>>
    {
        [JobsRead] = [Roles.Owner, Roles.Admin, Roles.Operator, Roles.Viewer],
        [JobsWrite] = [Roles.Owner, Roles.Admin, Roles.Operator],
        [TenantManage] = [Roles.Owner, Roles.Admin],
        [Work] = [Roles.Owner, Roles.Admin, Roles.Operator, Roles.Worker],
        [Platform] = [Roles.PlatformAdmin],
    };

    /// <summary>Registers every policy: an authenticated caller whose role is in the policy's list (tenant policies also need a tenant).</summary>
    public static AuthorizationBuilder AddOrchestratorPolicies(this AuthorizationBuilder builder)
    {
        foreach (var (name, roles) in AllowedRoles)
        {
            builder.AddPolicy(name, policy =>
            {
                policy.RequireAuthenticatedUser().RequireClaim(OrchestratorClaims.Role, roles);
                if (name != Platform) policy.RequireClaim(OrchestratorClaims.Tenant);
            });
        }
        return builder;
    }
}
