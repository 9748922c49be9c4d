using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/apikeys</c>: create, list, revoke and rotate API keys. A key's secret is in the create and rotate answers
/// only; afterwards the key is known by its id (<c>orch_{id}</c> prefix). Keys carry the role <c>admin</c>,
/// <c>operator</c> or <c>viewer</c> (never <c>owner</c>).
/// </summary>
public static class ApiKeysApi
{
    public const int MaxNameLength = 100;
    public static readonly TimeSpan DefaultRotationOverlap = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxRotationOverlap = TimeSpan.FromDays(30);
    private static readonly string[] KeyRoles = [Roles.Admin, Roles.Operator, Roles.Viewer, Roles.Worker];

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/apikeys").WithTags("API keys").RequireAuthorization(Policies.TenantManage);
        keys.MapPost("/", Create).WithName("CreateApiKey")
            .WithSummary("Create an API key for an app; the key is in this answer only").Accepts<CreateApiKeyRequest>("application/json");
        keys.MapGet("/", List).WithName("ListApiKeys").WithSummary("The tenant's API keys (no secrets), oldest first");
        keys.MapPost("/{id}/revoke", Revoke).WithName("RevokeApiKey").WithSummary("Revoke a key at once");
        keys.MapPost("/{id}/rotate", Rotate).WithName("RotateApiKey")
            .WithSummary("Create a replacement key; the old one keeps working for the overlap (default 24 h)").Accepts<RotateApiKeyRequest>("application/json");
        return app;
    }

    public static async Task<IResult> Create(HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var appId = body!.String("appId", required: true, 64);
        var name = body.String("name", required: true, MaxNameLength);
        var role = body.String("role", required: true, 32);
        var expiresAt = body.Timestamp("expiresAt");
        var now = time.GetUtcNow();
        if (role is not null && !KeyRoles.Contains(role)) body.Errors["role"] = [$"One of: {string.Join(", ", KeyRoles)}."];
        if (expiresAt <= now) body.Errors["expiresAt"] = ["Must be in the future."];
        if (body.Problem() is { } invalid) return invalid;

        var (key, id, hash) = ApiKeys.Generate();
        var view = await cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId())
            .AddApiKey(new ApiKeyRecord(id, appId!, name!, role!, hash, now, expiresAt));
        return TypedResults.Created($"/v1/apikeys/{id}", CreatedApiKeyResponse.From(view, key));
    }

    public static async Task<Ok<ItemsResponse<ApiKeyResponse>>> List(HttpContext http, IClusterClient cluster)
    {
        var keys = await cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId()).ListApiKeys();
        return TypedResults.Ok(new ItemsResponse<ApiKeyResponse>(keys.Select(ApiKeyResponse.From).ToList()));
    }

    public static async Task<Ok<ApiKeyResponse>> Revoke(string id, HttpContext http, IClusterClient cluster, ApiKeyAuthenticator authenticator)
    {
        var view = await cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId()).RevokeApiKey(id);
        authenticator.Invalidate(id);
        return TypedResults.Ok(ApiKeyResponse.From(view));
    }

    public static async Task<IResult> Rotate(string id, HttpContext http, IClusterClient cluster, ApiKeyAuthenticator authenticator, TimeProvider time)
    {
        var overlap = DefaultRotationOverlap;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request);
            if (problem is not null) return problem;
            using var _ = body;
            var given = body!.Duration("overlap");
            if (given is { } o && (o < TimeSpan.Zero || o > MaxRotationOverlap)) body.Errors["overlap"] = [$"Between 0 and {MaxRotationOverlap.TotalDays:0} days."];
            if (body.Problem() is { } invalid) return invalid;
            overlap = given ?? overlap;
        }
        var now = time.GetUtcNow();
        var (key, newId, hash) = ApiKeys.Generate();
        var view = await cluster.GetGrain<ITenantAccessGrain>(http.User.TenantId())
            .RotateApiKey(id, new ApiKeyRecord(newId, "", "", "", hash, now, ExpiresAt: null), now + overlap);
        authenticator.Invalidate(id);
        return TypedResults.Created($"/v1/apikeys/{newId}", CreatedApiKeyResponse.From(view, key));
    }
}

/// <summary>The body of <c>POST /v1/apikeys</c>.</summary>
public sealed record CreateApiKeyRequest(string AppId, string Name, string Role, DateTimeOffset? ExpiresAt);

/// <summary>The optional body of <c>POST /v1/apikeys/{id}/rotate</c>: how long the old key keeps working.</summary>
public sealed record RotateApiKeyRequest(string? Overlap);

/// <summary>An API key on the wire, without its secret.</summary>
public sealed record ApiKeyResponse(string Id, string Prefix, string AppId, string Name, string Role, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? ReplacedBy)
{
    public static ApiKeyResponse From(ApiKeyView k) =>
        new(k.Id, ApiKeys.DisplayPrefix(k.Id), k.AppId, k.Name, k.Role, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.ReplacedBy);
}

/// <summary>A new API key with its secret: the only time the key is shown.</summary>
public sealed record CreatedApiKeyResponse(string Key, string Id, string Prefix, string AppId, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public static CreatedApiKeyResponse From(ApiKeyView k, string key) =>
        new(key, k.Id, ApiKeys.DisplayPrefix(k.Id), k.AppId, k.Name, k.Role, k.CreatedAt, k.ExpiresAt);
}
