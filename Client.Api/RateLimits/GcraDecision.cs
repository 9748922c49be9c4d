namespace Orchestrator.Client.Api.RateLimits;

/// <summary>
/// What <see cref="Gcra.Decide"/> says about one request: whether it may pass, how long to wait if not, and the
/// theoretical arrival time to store (unchanged from the stored one when the request is denied).
/// </summary>
public readonly record struct GcraDecision(bool Allowed, TimeSpan RetryAfter, DateTimeOffset TheoreticalArrival);
