namespace Orchestrator.Client.Api.Problems;

/// <summary>The <c>type</c> URIs of the API's problem details (RFC 9457), relative to the API's base URL.</summary>
public static class ProblemTypes
{
    public const string Validation = "/problems/validation";
    public const string MalformedJson = "/problems/malformed-json";
    public const string UnsupportedMediaType = "/problems/unsupported-media-type";
    public const string PayloadTooLarge = "/problems/payload-too-large";
    public const string NotFound = "/problems/not-found";
    public const string IllegalTransition = "/problems/illegal-transition";
    public const string IdempotencyConflict = "/problems/idempotency-conflict";
    public const string RateLimited = "/problems/rate-limited";
    public const string QuotaExceeded = "/problems/quota-exceeded";
    public const string PlanLimit = "/problems/plan-limit";
    public const string Unavailable = "/problems/unavailable";
    public const string Unauthorized = "/problems/unauthorized";
    public const string Forbidden = "/problems/forbidden";
    public const string TenantBlocked = "/problems/tenant-blocked";
    public const string Conflict = "/problems/conflict";
    public const string LeaseConflict = "/problems/lease-conflict";
    public const string Saturated = "/problems/saturated";
    public const string RefreshTokenReused = "/problems/refresh-token-reused";
    public const string Internal = "/problems/internal";
}
