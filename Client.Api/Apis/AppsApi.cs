using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Client.Api.Apis;

/// <summary><c>/v1/apps</c>: a tenant's applications, each the owner of API keys.</summary>
public static class AppsApi
{
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder app)
    {
        var apps = app.MapGroup("/v1/apps").WithTags("Apps").RequireAuthorization(Policies.TenantManage);
        apps.MapPost("/", Create).WithName("CreateApp").WithSummary("Create an app").Accepts<CreateAppRequest>("application/json");
        apps.MapGet("/", List).WithName("ListApps").WithSummary("The tenant's apps, oldest first");
        return app;
    }

    public static async Task<IResult> Create(HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var name = body!.String("name", required: true, MaxNameLength);
        if (body.Problem() is { } invalid) return invalid;
        var created = await cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId()).CreateApp(Guid.CreateVersion7().ToString("N"), name!);
        return TypedResults.Created($"/v1/apps/{created.Id}", created);
    }

    public static async Task<Ok<ItemsResponse<AppView>>> List(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(new ItemsResponse<AppView>(await cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId()).ListApps()));
}

/// <summary>The body of <c>POST /v1/apps</c>.</summary>
public sealed record CreateAppRequest(string Name);

/// <summary>A complete (unpaged) list.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);
