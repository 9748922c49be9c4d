namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>How long a failed job waits before its next attempt: exponential, capped, optionally with full jitter.</summary>
[GenerateSerializer, Alias("BackoffPolicy")]
public sealed record BackoffPolicy
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromMinutes(5);
    public const double DefaultMultiplier = 2.0;

    /// <summary>The delay before the second attempt (before jitter).</summary>
    [Id(0)] public TimeSpan Initial { get; init; } = DefaultInitial;
    /// <summary>The cap of any delay.</summary>
    [Id(1)] public TimeSpan Max { get; init; } = DefaultMax;
    /// <summary>Growth factor per failed attempt.</summary>
    [Id(2)] public double Multiplier { get; init; } = DefaultMultiplier;
    /// <summary>The jitter mode.</summary>
    [Id(3)] public BackoffJitter Jitter { get; init; } = BackoffJitter.Full;

    public static BackoffPolicy Default { get; } = new();
}

/// <summary>Jitter applied to a backoff delay.</summary>
[GenerateSerializer, Alias("BackoffJitter")]
public enum BackoffJitter
{
    /// <summary>A uniformly random delay in [0, computed delay] (spreads retry storms best).</summary>
    Full = 0,
    /// <summary>Exactly the computed delay.</summary>
    None = 1,
}
