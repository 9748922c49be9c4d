namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// The claims every authenticated caller carries, whichever way it signed in (API key, user JWT, platform admin JWT).
/// Everything downstream (authorization, tenant scoping, rate limits, audit) reads these and nothing else.
/// </summary>
public static class OrchestratorClaims
{
    /// <summary>Who: a user id, an API key id or a platform admin id.</summary>
    public const string Subject = "sub";

    /// <summary>The caller's tenant; absent for a platform admin.</summary>
    public const string Tenant = "tenant";

    /// <summary>One of <see cref="Roles"/>.</summary>
    public const string Role = "role";

    /// <summary>How the caller signed in: <c>user</c>, <c>apikey</c> or <c>admin</c>.</summary>
    public const string Kind = "kind";

    /// <summary>A display name safe to log: a user's email or an API key's public prefix; never a secret.</summary>
    public const string Name = "name";
}

/// <summary>Role names. Tenant roles from most to least powerful, then the platform role.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    /// <summary>An external worker's API key: registers, leases, heartbeats and reports jobs; reads nothing else.</summary>
    public const string Worker = "worker";

    /// <summary>The platform's own administrator: sees every tenant, belongs to none.</summary>
    public const string PlatformAdmin = "platform-admin";

    /// <summary>The tenant roles, most powerful first.</summary>
    public static readonly IReadOnlyList<string> TenantRoles = [Owner, Admin, Operator, Viewer];
}
