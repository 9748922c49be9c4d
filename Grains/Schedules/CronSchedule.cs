using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cronos;

namespace Orchestrator.Grains.Schedules;

/// <summary>
/// When a schedule fires: a cron expression (5 fields, or 6 with seconds first; macros such as <c>@hourly</c>,
/// <c>@daily</c>, <c>@every_minute</c>) in an IANA time zone, evaluated by Cronos, or <c>@every &lt;duration&gt;</c>
/// (<c>@every 30s</c>, <c>@every 5m</c>, <c>@every 1h30m</c>, or ISO 8601 <c>@every PT90S</c>) counted from an anchor.
/// <para>
/// Daylight saving time follows Cronos: a local time skipped by a spring-forward gap fires once, at the first instant
/// after the gap; a local time repeated by a fall-back fires once, at its first occurrence — except expressions that
/// fire every second, minute or hour (a wildcard or range in the seconds, minutes or hours field), which fire in both
/// repeated hours, as wall-clock intervals would. <c>@every</c> ignores time zones: it is an interval of elapsed time.
/// </para>
/// </summary>
public sealed class CronSchedule
{
    public const string EveryPrefix = "@every ";
    private readonly CronExpression? _cron;
    private readonly TimeSpan _every;
    private readonly TimeZoneInfo _zone;
    private readonly DateTimeOffset _anchor;

    private CronSchedule(CronExpression? cron, TimeSpan every, TimeZoneInfo zone, DateTimeOffset anchor)
    {
        _cron = cron;
        _every = every;
        _zone = zone;
        _anchor = anchor;
    }

    /// <summary>The smallest <c>@every</c> interval.</summary>
    public static readonly TimeSpan MinEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Parses an expression in <paramref name="timeZone"/> (IANA id; UTC when null). <paramref name="anchor"/> is where
    /// <c>@every</c> counts from (the schedule's start). False with the exact problem, keyed by field, when invalid.
    /// </summary>
    public static bool TryParse(string expression, string? timeZone, DateTimeOffset anchor,
        [NotNullWhen(true)] out CronSchedule? schedule, out Dictionary<string, string[]> errors)
    {
        schedule = null;
        errors = [];
        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(timeZone))
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                errors["timeZone"] = [$"Unknown time zone '{timeZone}'; use an IANA id such as 'Europe/Berlin' or 'UTC'."];
            }
        }

        var text = expression.Trim();
        if (text.StartsWith(EveryPrefix, StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParseDuration(text[EveryPrefix.Length..].Trim(), out var every) || every < MinEvery)
            {
                errors["cron"] = [$"'{text}': @every takes a duration of at least 1 s, such as '@every 30s', '@every 5m', '@every 1h30m' or '@every PT90S'."];
            }
            else if (errors.Count == 0)
            {
                schedule = new CronSchedule(null, every, zone, anchor);
            }
            return schedule is not null;
        }

        CronExpression? cron = null;
        try
        {
            var fields = text.StartsWith('@') ? 0 : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            cron = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            errors["cron"] = [$"'{text}' is not a cron expression: {e.Message} Use 5 fields (minute hour day month weekday), 6 with seconds first, a macro such as @hourly, or @every <duration>."];
        }
        if (errors.Count > 0) return false;
        schedule = new CronSchedule(cron, TimeSpan.Zero, zone, anchor);
        return true;
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_cron is not null) return _cron.GetNextOccurrence(after, _zone, inclusive: false);
        if (after < _anchor) return _anchor;
        var elapsed = after - _anchor;
        var steps = elapsed.Ticks / _every.Ticks + 1;
        return _anchor + TimeSpan.FromTicks(steps * _every.Ticks);
    }

    /// <summary>Fire times in (<paramref name="after"/>, <paramref name="until"/>], oldest first, at most <paramref name="max"/>.</summary>
    public List<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until, int max)
    {
        var times = new List<DateTimeOffset>();
        for (var next = Next(after); next is { } t && t <= until && times.Count < max; next = Next(t)) times.Add(t);
        return times;
    }

    /// <summary>Reads <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>, <c>500ms</c> or ISO 8601 (<c>PT90S</c>).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.StartsWith('P'))
        {
            try
            {
                duration = System.Xml.XmlConvert.ToTimeSpan(text);
                return duration > TimeSpan.Zero;
            }
            catch (FormatException)
            {
                return false;
            }
        }
        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            TimeSpan unit;
            switch (text[unitStart..i])
            {
                case "ms": unit = TimeSpan.FromMilliseconds(1); break;
                case "s": unit = TimeSpan.FromSeconds(1); break;
                case "m": unit = TimeSpan.FromMinutes(1); break;
                case "h": unit = TimeSpan.FromHours(1); break;
                case "d": unit = TimeSpan.FromDays(1); break;
                default: return false;
            }
            if (value > TimeSpan.MaxValue.Ticks / unit.Ticks / 2) return false;
            duration += TimeSpan.FromTicks(value * unit.Ticks);
            any = true;
        }
        return any && duration > TimeSpan.Zero;
    }
}
