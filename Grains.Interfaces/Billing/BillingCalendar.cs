namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>Billing time is UTC: a usage day is a UTC calendar day, a billing month a UTC calendar month.</summary>
public static class BillingCalendar
{
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The first day of the month containing <paramref name="day"/>.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public static int DaysInMonth(DateOnly month) => DateTime.DaysInMonth(month.Year, month.Month);

    /// <summary>Midnight UTC at the start of <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary><c>yyyy-MM</c>, the key of a billing month.</summary>
    public static string MonthKey(DateOnly month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
