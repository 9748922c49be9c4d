using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;

namespace Orchestrator.Tests.Jobs;

public sealed class BackoffTests
{
    private static readonly BackoffPolicy NoJitter = new()
    {
        Initial = TimeSpan.FromSeconds(1),
        Max = TimeSpan.FromSeconds(30),
        Multiplier = 2,
        Jitter = BackoffJitter.None,
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]   // 32 s capped at 30 s
    [InlineData(100, 30)] // a huge exponent saturates at the cap instead of overflowing
    public void Delay_WithoutJitter_GrowsExponentiallyUpToTheCap(int failures, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.Delay(NoJitter, failures, new Random(1)));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void Delay_WithFullJitter_StaysWithinZeroAndTheUnjitteredDelay(int failures)
    {
        var policy = NoJitter with { Jitter = BackoffJitter.Full };
        var ceiling = Backoff.Delay(NoJitter, failures, new Random(1));
        var random = new Random(42);
        var draws = Enumerable.Range(0, 2000).Select(_ => Backoff.Delay(policy, failures, random)).ToList();
        Assert.All(draws, d => Assert.InRange(d, TimeSpan.Zero, ceiling));
        // Full jitter spreads over the whole range, not a narrow band near the ceiling.
        Assert.True(draws.Min() < ceiling * 0.1, $"min {draws.Min()} of ceiling {ceiling}");
        Assert.True(draws.Max() > ceiling * 0.9, $"max {draws.Max()} of ceiling {ceiling}");
    }

    [Fact]
    public void Delay_WithMultiplierOne_IsConstant() =>
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(NoJitter with { Multiplier = 1 }, 7, new Random(1)));

    [Fact]
    public void Delay_RefusesZeroFailures() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Delay(NoJitter, 0, new Random(1)));
}
