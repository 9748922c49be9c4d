using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Grains.Interfaces.Tenants;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary><c>/v1/tenants</c>: sign up a tenant with its first owner; read the caller's own tenant.</summary>
public static class TenantsApi
{
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/v1/tenants").WithTags("Tenants");
        tenants.MapPost("/", Register).WithName("RegisterTenant").AllowAnonymous()
            .WithSummary("Register a tenant with its first owner user (email + password); sign in with POST /v1/auth/login")
            .Accepts<RegisterTenantRequest>("application/json");
        tenants.MapGet("/current", Current).WithName("GetCurrentTenant").RequireAuthorization(Policies.JobsRead)
            .WithSummary("The caller's tenant");
        return app;
    }

    public static async Task<IResult> Register(HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var name = body!.String("name", required: true, MaxNameLength);
        var email = body.String("email", required: true, Emails.MaxLength);
        var password = body.Secret("password");
        if (email is not null && Emails.Normalize(email) is null) body.Errors["email"] = ["Not an email address."];
        if (password is not null && Passwords.Problem(password) is { } weak) body.Errors["password"] = [weak];
        if (body.Problem() is { } invalid) return invalid;

        var tenantId = Guid.CreateVersion7().ToString("N");
        var now = time.GetUtcNow();
        var owner = new UserRecord(Guid.CreateVersion7().ToString("N"), tenantId, Emails.Normalize(email)!, Roles.Owner, Passwords.Hash(password!), now);
        var tenant = await cluster.GetGrain<ITenantGrain>(tenantId).Register(name!, owner);
        AuditContext.SetActor(http, tenantId, "user", owner.UserId, owner.Email);
        return TypedResults.Created($"/v1/tenants/current", TenantResponse.From(tenant));
    }

    public static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> Current(HttpContext http, IClusterClient cluster)
    {
        var tenant = await cluster.GetGrain<ITenantGrain>(http.User.TenantId()).Get();
        return tenant is null ? P.NotFound("The tenant no longer exists.") : TypedResults.Ok(TenantResponse.From(tenant));
    }
}

/// <summary>The body of <c>POST /v1/tenants</c>.</summary>
public sealed record RegisterTenantRequest(string Name, string Email, string Password);

/// <summary>A tenant on the wire.</summary>
public sealed record TenantResponse(string Id, string Name, TenantStatus Status, string? BlockedReason, DateTimeOffset CreatedAt, bool ShellEnabled)
{
    public static TenantResponse From(TenantView t) => new(t.Id, t.Name, t.Status, t.BlockedReason, t.CreatedAt, t.ShellEnabled);
}
