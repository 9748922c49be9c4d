using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Grains.Interfaces.Tenants;
using Orchestrator.Grains.Tenants;
using Orchestrator.Client.Api.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/auth</c>: password sign-in for tenant users. Login returns a short-lived access token (JWT) and a refresh
/// token; refresh rotates the refresh token (an old one presented again revokes the whole sign-in); logout ends it.
/// </summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/v1/auth").WithTags("Auth").AllowAnonymous();
        auth.MapPost("/login", Login).WithName("Login").WithSummary("Sign in with email and password").Accepts<LoginRequest>("application/json");
        auth.MapPost("/refresh", Refresh).WithName("RefreshToken").WithSummary("Exchange a refresh token for new tokens (rotation)").Accepts<RefreshRequest>("application/json");
        auth.MapPost("/logout", Logout).WithName("Logout").WithSummary("End the sign-in the refresh token belongs to").Accepts<RefreshRequest>("application/json");
        return app;
    }

    public static async Task<IResult> Login(HttpContext http, IClusterClient cluster, AccessTokens tokens, TenantSettingsCache tenants,
        IOptions<AuthOptions> options, TimeProvider time)
    {
        var (email, password, problem) = await ReadCredentialsAsync(http.Request);
        if (problem is not null) return problem;

        var normalized = Emails.Normalize(email);
        var user = normalized is null ? null : await cluster.GetGrain<IUserGrain>(normalized).Get();
        if (!Passwords.Verify(user?.PasswordHash, password)) return AuthProblems.InvalidCredentials();
        AuditContext.SetActor(http, user!.TenantId, "user", user.UserId, user.Email);
        if ((await tenants.GetAsync(user.TenantId)).IsBlocked) return AuthProblems.TenantBlocked(user.TenantId);

        var familyId = RefreshTokens.NewFamilyId();
        var (refresh, hash) = RefreshTokens.Next(familyId);
        await cluster.GetGrain<IRefreshFamilyGrain>(familyId).Start(user.Email, user.UserId, hash, time.GetUtcNow() + options.Value.RefreshTokenLifetime);
        return TypedResults.Ok(TokenResponse(tokens, user, refresh));
    }

    public static async Task<IResult> Refresh(HttpContext http, IClusterClient cluster, AccessTokens tokens, TenantSettingsCache tenants)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var presented = body!.Secret("refreshToken");
        if (body.Problem() is { } invalid) return invalid;
        if (!RefreshTokens.TryParse(presented, out var familyId, out var presentedHash)) return AuthProblems.InvalidRefreshToken();

        var (next, nextHash) = RefreshTokens.Next(familyId);
        var rotation = await cluster.GetGrain<IRefreshFamilyGrain>(familyId).Rotate(presentedHash, nextHash);
        if (rotation.Outcome == RefreshOutcome.Reused) return AuthProblems.RefreshTokenReused();
        if (rotation.Outcome != RefreshOutcome.Rotated) return AuthProblems.InvalidRefreshToken();

        // The user may have been removed or re-created since sign-in: the token speaks only for the same user id.
        var user = await cluster.GetGrain<IUserGrain>(rotation.Email!).Get();
        if (user is null || user.UserId != rotation.UserId)
        {
            await cluster.GetGrain<IRefreshFamilyGrain>(familyId).Revoke();
            return AuthProblems.InvalidRefreshToken();
        }
        AuditContext.SetActor(http, user.TenantId, "user", user.UserId, user.Email);
        if ((await tenants.GetAsync(user.TenantId)).IsBlocked) return AuthProblems.TenantBlocked(user.TenantId);
        return TypedResults.Ok(TokenResponse(tokens, user, next));
    }

    public static async Task<IResult> Logout(HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var presented = body!.Secret("refreshToken");
        if (body.Problem() is { } invalid) return invalid;
        // Logging out an unknown or already-ended sign-in is not an error: the outcome the caller wants holds.
        if (RefreshTokens.TryParse(presented, out var familyId, out var _)) await cluster.GetGrain<IRefreshFamilyGrain>(familyId).Revoke();
        return TypedResults.NoContent();
    }

    /// <summary>Reads <c>{"email", "password"}</c> (the body of both sign-ins), or the problem to answer instead.</summary>
    public static async Task<(string Email, string Password, IResult? Problem)> ReadCredentialsAsync(HttpRequest request)
    {
        var (body, problem) = await JsonBody.ReadAsync(request);
        if (problem is not null) return ("", "", problem);
        using var _ = body;
        var email = body!.String("email", required: true, Emails.MaxLength);
        var password = body.Secret("password");
        return body.Problem() is { } invalid ? ("", "", invalid) : (email!, password!, null);
    }

    private static TokenResponseBody TokenResponse(AccessTokens tokens, UserRecord user, string refreshToken)
    {
        var (access, lifetime) = tokens.ForUser(user.TenantId, user.UserId, user.Email, user.Role);
        return new TokenResponseBody(access, "Bearer", (int)lifetime.TotalSeconds, refreshToken, user.TenantId, user.Role);
    }
}

/// <summary>The body of <c>POST /v1/auth/login</c> and <c>POST /admin/login</c>.</summary>
public sealed record LoginRequest(string Email, string Password);

/// <summary>The body of <c>POST /v1/auth/refresh</c> and <c>/logout</c>.</summary>
public sealed record RefreshRequest(string RefreshToken);

/// <summary>Tokens after a sign-in or refresh. <paramref name="ExpiresIn"/> is the access token's lifetime in seconds.</summary>
public sealed record TokenResponseBody(string AccessToken, string TokenType, int ExpiresIn, string? RefreshToken, string? TenantId, string Role);
