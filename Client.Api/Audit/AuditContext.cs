namespace Orchestrator.Client.Api.Audit;

/// <summary>
/// What an endpoint tells the audit middleware about its request, when the caller's claims do not say it: who the
/// actor is (an anonymous endpoint that has just authenticated someone) and which tenant the action concerns (a
/// platform admin acting on a tenant, so that tenant's admins see it in their log). Both win over the claims.
/// </summary>
public static class AuditContext
{
    private static readonly object ItemKey = new();

    /// <summary>
    /// Names the actor of this request, e.g. after a login or a tenant registration authenticated someone on an
    /// anonymous endpoint. <paramref name="actorName"/> is a display name (an email, a key prefix), never a secret.
    /// </summary>
    public static void SetActor(HttpContext http, string? tenantId, string actorKind, string? actorId, string? actorName)
    {
        ArgumentException.ThrowIfNullOrEmpty(actorKind);
        var overrides = GetOrAdd(http);
        overrides.Actor = new Actor(tenantId, actorKind, actorId, actorName);
    }

    /// <summary>Records the action against <paramref name="tenantId"/>, whatever the actor's own tenant (a platform admin has none).</summary>
    public static void SetTenant(HttpContext http, string? tenantId)
    {
        var overrides = GetOrAdd(http);
        overrides.TenantSet = true;
        overrides.TenantId = tenantId;
    }

    /// <summary>What the endpoint set, or null if it set nothing.</summary>
    internal static Overrides? Get(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) ? (Overrides?)value : null;

    private static Overrides GetOrAdd(HttpContext http)
    {
        if (Get(http) is { } existing) return existing;
        var overrides = new Overrides();
        http.Items[ItemKey] = overrides;
        return overrides;
    }

    internal sealed record Actor(string? TenantId, string Kind, string? Id, string? Name);

    internal sealed class Overrides
    {
        public Actor? Actor { get; set; }
        public bool TenantSet { get; set; }
        public string? TenantId { get; set; }
    }
}
