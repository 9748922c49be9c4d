using Orchestrator.Grains.Schedules;

namespace Orchestrator.Tests.Schedules;

/// <summary>Next fire times, table-driven with fixed instants: seconds, macros, @every, time zones, both DST changes.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Anchor = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    [Theory]
    // expression, time zone, after (UTC), expected next (UTC)
    [InlineData("*/5 * * * * *", null, "2026-03-01T10:00:03Z", "2026-03-01T10:00:05Z")] // seconds field
    [InlineData("0 */15 * * * *", null, "2026-03-01T10:00:00Z", "2026-03-01T10:15:00Z")]
    [InlineData("30 9 * * 1-5", null, "2026-03-06T09:30:00Z", "2026-03-09T09:30:00Z")] // Friday → Monday
    [InlineData("@hourly", null, "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z")]
    [InlineData("@daily", null, "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z")]
    [InlineData("@every 30s", null, "2026-01-01T00:00:45Z", "2026-01-01T00:01:00Z")] // counted from the anchor
    [InlineData("@every 1h30m", null, "2026-01-01T01:00:00Z", "2026-01-01T01:30:00Z")]
    [InlineData("@every PT90S", null, "2025-12-31T00:00:00Z", "2026-01-01T00:00:00Z")] // before the anchor: the anchor
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-01-15T00:00:00Z", "2026-01-15T08:00:00Z")] // CET, +01:00
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-07-15T00:00:00Z", "2026-07-15T07:00:00Z")] // CEST, +02:00
    [InlineData("0 9 * * *", "America/New_York", "2026-07-15T00:00:00Z", "2026-07-15T13:00:00Z")]
    // Spring forward in Berlin (2026-03-29, 02:00 → 03:00): 02:30 does not exist; it fires once, at 03:00 local.
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z")]
    // Fall back (2026-10-25, 03:00 → 02:00): 02:30 happens twice; a daily job fires at the first (+02:00)…
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")]
    // …and not again in the repeated hour (+01:00): the next fire is the next day.
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    public void Next_IsTheFirstFireTimeAfter(string expression, string? zone, string after, string expected)
    {
        Assert.True(CronSchedule.TryParse(expression, zone, Anchor, out var cron, out var errors), string.Join("; ", errors.SelectMany(e => e.Value)));
        Assert.Equal(DateTimeOffset.Parse(expected), cron.Next(DateTimeOffset.Parse(after)));
    }

    [Fact]
    public void EveryMinuteExpression_FiresInBothRepeatedHours_OfAFallBack()
    {
        Assert.True(CronSchedule.TryParse("0 * * * *", "Europe/Berlin", Anchor, out var cron, out _));
        var fires = cron.Between(DateTimeOffset.Parse("2026-10-24T23:30:00Z"), DateTimeOffset.Parse("2026-10-25T02:30:00Z"), 10);
        // 01:00, 02:00 (+02:00), 02:00 (+01:00), 03:00 local: every elapsed hour, the repeated one included.
        Assert.Equal(["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"], fires.Select(f => f.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")));
    }

    [Theory]
    [InlineData("* * *", null, "cron")]
    [InlineData("61 * * * *", null, "cron")]
    [InlineData("@every 0s", null, "cron")]
    [InlineData("@every soon", null, "cron")]
    [InlineData("@fortnightly", null, "cron")]
    [InlineData("0 9 * * *", "Mars/Olympus_Mons", "timeZone")]
    public void InvalidInput_NamesTheField(string expression, string? zone, string field)
    {
        Assert.False(CronSchedule.TryParse(expression, zone, Anchor, out _, out var errors));
        Assert.True(errors.ContainsKey(field), $"errors: {string.Join(", ", errors.Keys)}");
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("PT90S", 90)]
    public void Durations_Parse(string text, double seconds)
    {
        Assert.True(CronSchedule.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }
}
