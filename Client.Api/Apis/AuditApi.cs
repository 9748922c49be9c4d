using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Grains.Interfaces.Audit;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// The audit log: <c>GET /v1/audit</c> for a tenant's owners and admins (their tenant's records, including platform
/// admin actions on it), <c>GET /admin/audit</c> for the platform admin (every tenant, or one with <c>tenant=</c>).
/// Newest first, filtered by time (<c>from</c> inclusive, <c>to</c> exclusive), cursor-paginated.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit", ListOwn).WithTags("Audit").WithName("ListAudit").RequireAuthorization(Policies.TenantManage)
            .WithSummary("The tenant's audit log: who did what, when, with which outcome and correlation id");
        app.MapGet("/admin/audit", ListAll).WithTags("Platform admin").WithName("AdminListAudit").RequireAuthorization(Policies.Platform)
            .WithSummary("The audit log of every tenant and of platform actions; tenant= narrows it to one tenant");
        return app;
    }

    public static Task<Results<Ok<AuditListResponse>, ValidationProblem>> ListOwn(HttpContext http, IClusterClient cluster) =>
        ListAsync(http.User.TenantId(), http, cluster);

    public static Task<Results<Ok<AuditListResponse>, ValidationProblem>> ListAll(HttpContext http, IClusterClient cluster) =>
        ListAsync(http.Request.Query.TryGetValue("tenant", out var tenant) ? tenant.ToString() : null, http, cluster);

    private static async Task<Results<Ok<AuditListResponse>, ValidationProblem>> ListAsync(string? tenantId, HttpContext http, IClusterClient cluster)
    {
        var q = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var limit = AuditQuery.DefaultLimit;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l.ToString(), out limit) || limit is < 1 or > AuditQuery.MaxLimit))
        {
            errors["limit"] = [$"An integer from 1 to {AuditQuery.MaxLimit}."];
        }
        var from = Timestamp(q, "from", errors);
        var to = Timestamp(q, "to", errors);
        AuditCursor? after = null;
        if (q.TryGetValue("cursor", out var c) && (after = AuditCursorEncoding.Decode(c.ToString())) is null) errors["cursor"] = ["Not a cursor this API returned."];
        if (errors.Count > 0) return P.Validation(errors);

        var page = await cluster.GetGrain<IAuditLogGrain>(0).List(new AuditQuery { TenantId = tenantId, From = from, To = to, Limit = limit, After = after });
        return TypedResults.Ok(new AuditListResponse(page.Items, page.NextCursor is null ? null : AuditCursorEncoding.Encode(page.NextCursor)));
    }

    private static DateTimeOffset? Timestamp(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        if (!q.TryGetValue(name, out var value)) return null;
        if (DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        errors[name] = ["An ISO 8601 timestamp."];
        return null;
    }
}

/// <summary>A page of audit records, newest first.</summary>
public sealed record AuditListResponse(IReadOnlyList<AuditEntry> Items, string? NextCursor);
