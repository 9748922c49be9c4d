using System.Globalization;

namespace Orchestrator.Client.Api.RateLimits;

/// <summary>
/// A limit in the terms of GCRA: on average one request per <see cref="EmissionInterval"/>, and up to
/// <see cref="Burst"/> requests at once after a pause long enough to refill.
/// </summary>
public sealed record RateLimit
{
    private RateLimit(int requests, TimeSpan period, string unit, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        EmissionInterval = period / requests;
        Burst = burst;
        Description = string.Create(CultureInfo.InvariantCulture, $"{requests} requests per {unit} with bursts of {burst}");
    }

    /// <summary>The time one request costs: the period divided by the requests allowed in it.</summary>
    public TimeSpan EmissionInterval { get; }

    /// <summary>Requests allowed at once; at least 1.</summary>
    public int Burst { get; }

    /// <summary>The limit in words, for callers: "500 requests per second with bursts of 1000".</summary>
    public string Description { get; }

    public static RateLimit PerSecond(int requests, int burst) => new(requests, TimeSpan.FromSeconds(1), "second", burst);

    public static RateLimit PerMinute(int requests, int burst) => new(requests, TimeSpan.FromMinutes(1), "minute", burst);

    public override string ToString() => Description;
}
