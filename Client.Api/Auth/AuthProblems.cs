using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Problems;

namespace Orchestrator.Client.Api.Auth;

/// <summary>The problem answers of sign-in endpoints. Wrong email and wrong password read the same: no account enumeration.</summary>
public static class AuthProblems
{
    public static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem("The email or password is wrong.", statusCode: 401, title: "Unauthorized", type: ProblemTypes.Unauthorized);

    public static ProblemHttpResult InvalidRefreshToken() =>
        TypedResults.Problem("The refresh token is invalid, expired or revoked; sign in again.", statusCode: 401, title: "Unauthorized", type: ProblemTypes.Unauthorized);

    public static ProblemHttpResult RefreshTokenReused() =>
        TypedResults.Problem("This refresh token was already used: the sign-in it belongs to is revoked; sign in again.", statusCode: 401,
            title: "Refresh token reused", type: ProblemTypes.RefreshTokenReused);

    public static ProblemHttpResult TenantBlocked(string tenantId) =>
        TypedResults.Problem($"Tenant {tenantId} is blocked; its scheduled work is paused until a platform admin unblocks it.", statusCode: 403,
            title: "Tenant blocked", type: ProblemTypes.TenantBlocked);
}
