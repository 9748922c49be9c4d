using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/users</c>: a tenant's users. Owners and admins manage them; only an owner can make or unmake an owner, and a
/// tenant always keeps one.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Policies.TenantManage);
        users.MapPost("/", Create).WithName("CreateUser").WithSummary("Add a user with a role and an initial password").Accepts<CreateUserRequest>("application/json");
        users.MapGet("/", List).WithName("ListUsers").WithSummary("The tenant's users, oldest first");
        users.MapPatch("/{id}", Update).WithName("UpdateUser").WithSummary("Change a user's role").Accepts<UpdateUserRequest>("application/json");
        users.MapDelete("/{id}", Remove).WithName("RemoveUser").WithSummary("Remove a user; their refresh tokens stop working");
        return app;
    }

    public static async Task<IResult> Create(HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var email = body!.String("email", required: true, Emails.MaxLength);
        var password = body.Secret("password");
        var role = body.String("role", required: true, 32);
        if (email is not null && Emails.Normalize(email) is null) body.Errors["email"] = ["Not an email address."];
        if (password is not null && Passwords.Problem(password) is { } weak) body.Errors["password"] = [weak];
        CheckRole(role, body);
        if (body.Problem() is { } invalid) return invalid;
        if (OwnerOnly(http, role!) is { } forbidden) return forbidden;

        var tenantId = http.User.TenantId();
        var user = new UserRecord(Guid.CreateVersion7().ToString("N"), tenantId, Emails.Normalize(email)!, role!, Passwords.Hash(password!), time.GetUtcNow());
        var view = await cluster.GetGrain<ITenantAccessGrain>(tenantId).AddUser(user);
        return TypedResults.Created($"/v1/users/{view.Id}", view);
    }

    public static async Task<Ok<ItemsResponse<UserView>>> List(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(new ItemsResponse<UserView>(await cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId()).ListUsers()));

    public static async Task<IResult> Update(string id, HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var role = body!.String("role", required: true, 32);
        CheckRole(role, body);
        if (body.Problem() is { } invalid) return invalid;
        var access = cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId());
        var current = (await access.ListUsers()).FirstOrDefault(u => u.Id == id);
        if (current is not null && (OwnerOnly(http, role!) ?? OwnerOnly(http, current.Role)) is { } forbidden) return forbidden;
        return TypedResults.Ok(await access.SetUserRole(id, role!));
    }

    public static async Task<IResult> Remove(string id, HttpContext http, IClusterClient cluster)
    {
        var access = cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId());
        var current = (await access.ListUsers()).FirstOrDefault(u => u.Id == id);
        if (current is not null && OwnerOnly(http, current.Role) is { } forbidden) return forbidden;
        await access.RemoveUser(id);
        return TypedResults.NoContent();
    }

    private static void CheckRole(string? role, JsonBody body)
    {
        if (role is not null && !Roles.TenantRoles.Contains(role)) body.Errors["role"] = [$"One of: {string.Join(", ", Roles.TenantRoles)}."];
    }

    /// <summary>A 403 when a non-owner touches the owner role.</summary>
    private static ProblemHttpResult? OwnerOnly(HttpContext http, string role) =>
        role == Roles.Owner && http.User.Role() != Roles.Owner
            ? TypedResults.Problem("Only an owner can grant, change or remove the owner role.", statusCode: 403, title: "Forbidden", type: Problems.ProblemTypes.Forbidden)
            : null;
}

/// <summary>The body of <c>POST /v1/users</c>.</summary>
public sealed record CreateUserRequest(string Email, string Password, string Role);

/// <summary>The body of <c>PATCH /v1/users/{id}</c>.</summary>
public sealed record UpdateUserRequest(string Role);
