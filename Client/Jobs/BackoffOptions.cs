namespace Orchestrator.Client.Jobs;

/// <summary>How long a failed job waits before its next attempt; unset members keep the defaults (1 s doubling to 5 min, full jitter).</summary>
public sealed record BackoffOptions
{
    /// <summary>The delay before the second attempt; raises <see cref="Max"/> when above it.</summary>
    public TimeSpan? Initial { get; init; }
    /// <summary>The cap of any delay.</summary>
    public TimeSpan? Max { get; init; }
    /// <summary>Growth per failed attempt, 1..10.</summary>
    public double? Multiplier { get; init; }
    public BackoffJitter? Jitter { get; init; }
}
