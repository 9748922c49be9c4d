namespace Orchestrator.Client.Api.RateLimits;

/// <summary>A rate limiter's answer for one request; <see cref="RetryAfter"/> is zero when it is allowed.</summary>
public readonly record struct RateLimitDecision(RateLimitOutcome Outcome, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allowed { get; } = new(RateLimitOutcome.Allowed, TimeSpan.Zero);

    public static RateLimitDecision Limited(TimeSpan retryAfter) => new(RateLimitOutcome.Limited, retryAfter);

    public static RateLimitDecision Unavailable(TimeSpan retryAfter) => new(RateLimitOutcome.Unavailable, retryAfter);

    public bool IsAllowed => Outcome == RateLimitOutcome.Allowed;

    /// <summary>The <c>Retry-After</c> value: whole seconds, rounded up, at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
