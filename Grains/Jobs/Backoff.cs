using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

/// <summary>Exponential backoff, capped, with optional full jitter.</summary>
public static class Backoff
{
    /// <summary>
    /// The wait before the next attempt after <paramref name="failures"/> consecutive failed attempts (≥ 1):
    /// <c>min(max, initial × multiplier^(failures−1))</c>, then with full jitter a uniform draw from [0, that].
    /// </summary>
    public static TimeSpan Delay(BackoffPolicy policy, int failures, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        // Computed in doubles so a large exponent saturates at the cap instead of overflowing.
        var ceiling = Math.Min(policy.Max.Ticks, policy.Initial.Ticks * Math.Pow(policy.Multiplier, failures - 1));
        var ticks = policy.Jitter == BackoffJitter.Full ? random.NextDouble() * ceiling : ceiling;
        return TimeSpan.FromTicks((long)ticks);
    }
}
