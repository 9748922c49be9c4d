namespace Orchestrator.Client;

/// <summary>The problem types of <see cref="OrchestratorException"/>: the gateway's <c>type</c> URIs (RFC 9457).</summary>
public static class OrchestratorProblemTypes
{
    public const string Validation = "/problems/validation";
    public const string PayloadTooLarge = "/problems/payload-too-large";
    public const string NotFound = "/problems/not-found";
    public const string IllegalTransition = "/problems/illegal-transition";
    public const string IdempotencyConflict = "/problems/idempotency-conflict";
    public const string Conflict = "/problems/conflict";
    public const string QuotaExceeded = "/problems/quota-exceeded";
    public const string PlanLimit = "/problems/plan-limit";
    public const string Unavailable = "/problems/unavailable";
    public const string Internal = "/problems/internal";
}
