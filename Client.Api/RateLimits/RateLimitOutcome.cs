namespace Orchestrator.Client.Api.RateLimits;

/// <summary>How a rate limiter decided a request.</summary>
public enum RateLimitOutcome
{
    /// <summary>Within the budget: serve it.</summary>
    Allowed,

    /// <summary>Over the budget: answer 429.</summary>
    Limited,

    /// <summary>The shared budget cannot be read and the limiter fails closed: answer 503.</summary>
    Unavailable,
}
