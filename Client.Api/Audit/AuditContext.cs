// Placeholder until the audit branch lands (issue 6); replaced by the real AuditContext on merge.
namespace Orchestrator.Client.Api.Audit;

public static class AuditContext
{
    public static void SetActor(HttpContext http, string? tenantId, string actorKind, string? actorId, string? actorName) { }

    public static void SetTenant(HttpContext http, string tenantId) { }
}
