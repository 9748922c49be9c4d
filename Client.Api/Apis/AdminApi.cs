using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Tenants;
using Orchestrator.Grains.Tenants;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/admin</c>: the platform admin's API — sign in, list and inspect tenants (with their job counts), block and
/// unblock them, enable the <c>shell</c> handler per tenant, and read any tenant's jobs and dead-letter queue.
/// </summary>
public static class AdminApi
{
    public const int MaxReasonLength = 500;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Platform admin");
        admin.MapPost("/login", Login).WithName("AdminLogin").AllowAnonymous()
            .WithSummary("Sign in as the platform admin; returns an access token (no refresh token: sign in again)").Accepts<LoginRequest>("application/json");

        var tenants = admin.MapGroup("/tenants").RequireAuthorization(Policies.Platform);
        tenants.MapGet("/", ListTenants).WithName("AdminListTenants").WithSummary("Tenants oldest first, optionally by status (active, blocked), paged");
        tenants.MapGet("/{id}", GetTenant).WithName("AdminGetTenant").WithSummary("A tenant with its usage: job counts by status, apps, keys, users");
        tenants.MapPatch("/{id}/block", Block).WithName("AdminBlockTenant")
            .WithSummary("Block (with a reason) or unblock a tenant; a blocked tenant's due work waits and resumes on unblock").Accepts<BlockTenantRequest>("application/json");
        tenants.MapPatch("/{id}/features", Features).WithName("AdminSetTenantFeatures")
            .WithSummary("Enable or disable the shell handler for a tenant").Accepts<TenantFeaturesRequest>("application/json");
        tenants.MapGet("/{id}/jobs", ListJobs).WithName("AdminListTenantJobs").WithSummary("A tenant's jobs, with the same filters as GET /v1/jobs");
        tenants.MapGet("/{id}/jobs/{jobId}", GetJob).WithName("AdminGetTenantJob").WithSummary("One job of a tenant");
        tenants.MapGet("/{id}/dlq", ListDeadLettered).WithName("AdminListTenantDlq").WithSummary("A tenant's dead-lettered jobs");
        return app;
    }

    public static async Task<IResult> Login(HttpContext http, PlatformAdmin platformAdmin, AccessTokens tokens)
    {
        var (email, password, problem) = await AuthApi.ReadCredentialsAsync(http.Request);
        if (problem is not null) return problem;
        if (!platformAdmin.Verify(email, password)) return AuthProblems.InvalidCredentials();
        AuditContext.SetActor(http, null, "admin", $"admin:{platformAdmin.Email}", platformAdmin.Email);
        var (access, lifetime) = tokens.ForPlatformAdmin(platformAdmin.Email!);
        return TypedResults.Ok(new TokenResponseBody(access, "Bearer", (int)lifetime.TotalSeconds, RefreshToken: null, TenantId: null, Roles.PlatformAdmin));
    }

    public static async Task<Results<Ok<TenantListResponse>, ValidationProblem>> ListTenants(HttpContext http, IClusterClient cluster)
    {
        var q = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        TenantStatus? status = null;
        if (q.TryGetValue("status", out var s))
        {
            if (Enum.TryParse<TenantStatus>(s.ToString(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) status = parsed;
            else errors["status"] = ["One of: active, blocked."];
        }
        var limit = DefaultPageSize;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l.ToString(), out limit) || limit is < 1 or > MaxPageSize))
        {
            errors["limit"] = [$"An integer from 1 to {MaxPageSize}."];
        }
        var cursor = q.TryGetValue("cursor", out var c) ? c.ToString() : null;
        if (cursor is not null && !TenantDirectoryPage.TryParseCursor(cursor, out _, out _)) errors["cursor"] = ["Not a cursor this API returned."];
        if (errors.Count > 0) return P.Validation(errors);
        var page = await cluster.GetGrain<ITenantDirectoryGrain>(0).List(status, limit, cursor);
        return TypedResults.Ok(new TenantListResponse(page.Items.Select(TenantResponse.From).ToList(), page.NextCursor));
    }

    public static async Task<Results<Ok<TenantDetailsResponse>, ProblemHttpResult>> GetTenant(string id, IClusterClient cluster)
    {
        var tenant = await cluster.GetGrain<ITenantGrain>(id).Get();
        if (tenant is null) return P.NotFound($"No tenant {id}.");
        var access = cluster.GetGrain<ITenantAccessGrain>(id);
        var jobs = await cluster.GetGrain<IJobQueryGrain>(0).CountByStatus(id);
        var keys = await access.ListApiKeys();
        var usage = new TenantUsage(jobs, (await access.ListApps()).Count, keys.Count(k => k.RevokedAt is null), (await access.ListUsers()).Count);
        return TypedResults.Ok(new TenantDetailsResponse(TenantResponse.From(tenant), usage));
    }

    public static async Task<IResult> Block(string id, HttpContext http, IClusterClient cluster, TenantSettingsCache settings)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var blocked = body!.Bool("blocked", required: true);
        var reason = body.String("reason", required: blocked == true, MaxReasonLength);
        if (body.Problem() is { } invalid) return invalid;
        AuditContext.SetTenant(http, id);
        var tenant = await cluster.GetGrain<ITenantGrain>(id).SetBlocked(blocked!.Value, reason);
        settings.Invalidate(id);
        return TypedResults.Ok(TenantResponse.From(tenant));
    }

    public static async Task<IResult> Features(string id, HttpContext http, IClusterClient cluster, TenantSettingsCache settings)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var shell = body!.Bool("shellEnabled", required: true);
        if (body.Problem() is { } invalid) return invalid;
        AuditContext.SetTenant(http, id);
        var tenant = await cluster.GetGrain<ITenantGrain>(id).SetShellEnabled(shell!.Value);
        settings.Invalidate(id);
        return TypedResults.Ok(TenantResponse.From(tenant));
    }

    public static async Task<IResult> ListJobs(string id, HttpContext http, IClusterClient cluster) =>
        await ExistingTenant(id, cluster) ?? await JobsApi.ListOfTenant(id, null, http, cluster);

    public static async Task<IResult> GetJob(string id, string jobId, IClusterClient cluster) =>
        await ExistingTenant(id, cluster) ?? await JobsApi.GetOfTenant(id, jobId, cluster);

    public static async Task<IResult> ListDeadLettered(string id, HttpContext http, IClusterClient cluster) =>
        await ExistingTenant(id, cluster) ?? await JobsApi.ListOfTenant(id, JobStatus.DeadLettered, http, cluster);

    /// <summary>A 404 when the tenant does not exist, else null.</summary>
    private static async Task<IResult?> ExistingTenant(string id, IClusterClient cluster) =>
        (await cluster.GetGrain<ITenantGrain>(id).GetSettings()).Exists ? null : P.NotFound($"No tenant {id}.");
}

/// <summary>The body of <c>PATCH /admin/tenants/{id}/block</c>.</summary>
public sealed record BlockTenantRequest(bool Blocked, string? Reason);

/// <summary>The body of <c>PATCH /admin/tenants/{id}/features</c>.</summary>
public sealed record TenantFeaturesRequest(bool ShellEnabled);

/// <summary>A page of tenants.</summary>
public sealed record TenantListResponse(IReadOnlyList<TenantResponse> Items, string? NextCursor);

/// <summary>What a tenant uses: jobs by status, apps, active API keys, users. Billing comes with plans (issue 9).</summary>
public sealed record TenantUsage(Dictionary<JobStatus, long> Jobs, int Apps, int ActiveApiKeys, int Users);

/// <summary>A tenant with its usage.</summary>
public sealed record TenantDetailsResponse(TenantResponse Tenant, TenantUsage Usage);
