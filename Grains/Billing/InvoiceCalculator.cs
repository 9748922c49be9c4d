using System.Globalization;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// A month's invoice lines from its subscriptions, plans and usage: a pure function in integer arithmetic (long
/// amounts, 128-bit intermediates, explicit rounding), so the same inputs always give the same cents.
/// <list type="number">
/// <item><b>The plan of a day.</b> Each UTC day of the month is billed under the plan in effect at the <i>end</i> of
/// that day: the subscription whose [StartsAt, EndsAt) holds the day's last instant (23:59:59.9999999). So a change
/// made during a day bills the whole day on the new plan, and a plan held only for part of a day is not billed for it.
/// Days before the tenant's first subscription are not billed. Consecutive days on one plan form a segment.</item>
/// <item><b>Base.</b> One line per segment, always (also at 0): MonthlyBaseMinor × segmentDays / daysInMonth, rounded
/// half up. A whole month on one plan is exactly its base price.</item>
/// <item><b>Included jobs.</b> Σ over segments of ⌊IncludedJobsPerMonth × segmentDays / daysInMonth⌋ (rounded down,
/// in the tenant's favour only by less than one job per segment). A segment on a plan with no monthly job limit
/// (null) makes the whole month unlimited: no overage.</item>
/// <item><b>Overage.</b> Jobs run in the month (Σ JobsRun = executions − retries of its days) above the included jobs,
/// per started 1,000: ⌈over / 1,000⌉ × PricePer1000JobsMinor of the plan in effect at the end of the month.</item>
/// <item><b>Retries.</b> One line per segment: Σ Retries of its days × that plan's PricePerRetryMinor.</item>
/// <item><b>Left out.</b> An overage or retries line that would charge 0 (nothing over, no retries, or a price of 0);
/// the invoice's JobsRun, IncludedJobs and Retries still show the usage.</item>
/// <item><b>Total</b> = Σ lines. <b>Currency</b> = the month-end plan's. A month whose plans differ in currency is
/// refused with <see cref="InvoiceStateException"/>: nothing is converted.</item>
/// </list>
/// Prices are the plans' as passed in (the catalog's when the invoice is computed); issuing freezes them.
/// </summary>
public static class InvoiceCalculator
{
    /// <summary>Overage is charged per started block of this many jobs.</summary>
    public const long JobsPerBlock = 1_000;

    /// <summary>
    /// The invoice of <paramref name="month"/> (its first day), or null when the tenant had no plan at the end of any of
    /// its days. <paramref name="history"/> is the tenant's subscriptions (any order, no overlaps);
    /// <paramref name="plans"/> must hold every plan billed in the month (else <see cref="InvoiceStateException"/>);
    /// days of <paramref name="usage"/> outside the month are ignored.
    /// </summary>
    public static InvoiceCalculation? Calculate(
        DateOnly month, IReadOnlyList<Subscription> history, IReadOnlyDictionary<string, Plan> plans, IReadOnlyList<UsageDay> usage)
    {
        if (month.Day != 1) throw new ArgumentException("Must be the first day of a month.", nameof(month));
        var daysInMonth = BillingCalendar.DaysInMonth(month);
        var segments = Segments(month, daysInMonth, history, plans);
        if (segments.Count == 0) return null;
        var monthEnd = segments[^1].Plan;
        if (segments.Find(s => s.Plan.Currency != monthEnd.Currency) is { Plan: not null } other)
        {
            throw new InvoiceStateException(
                $"The plans of {BillingCalendar.MonthKey(month)} differ in currency ('{other.Plan.Name}' {other.Plan.Currency}, '{monthEnd.Name}' {monthEnd.Currency}); an invoice has one currency and nothing is converted.");
        }

        var days = usage.Where(u => BillingCalendar.MonthOf(u.Day) == month).ToArray();
        var lines = new List<InvoiceLine>();
        lines.AddRange(segments.Select(s => BaseLine(s, daysInMonth)));
        foreach (var s in segments)
        {
            var retries = days.Where(u => u.Day >= s.From && u.Day <= s.To).Sum(u => u.Retries);
            var amount = checked(retries * s.Plan.PricePerRetryMinor);
            if (amount == 0) continue;
            lines.Add(new InvoiceLine
            {
                Kind = InvoiceLineKind.Retries,
                Description = $"{Count(retries)} retries on plan '{s.Plan.Name}', {Day(s.From)} to {Day(s.To)}",
                Plan = s.Plan.Name,
                From = s.From,
                To = s.To,
                Quantity = retries,
                UnitPriceMinor = s.Plan.PricePerRetryMinor,
                Rate = $"{s.Plan.PricePerRetryMinor} per retry",
                AmountMinor = amount,
            });
        }

        var jobsRun = days.Sum(u => u.JobsRun);
        long? included = segments.Any(s => s.Plan.IncludedJobsPerMonth is null)
            ? null
            : segments.Sum(s => checked((long)((Int128)s.Plan.IncludedJobsPerMonth!.Value * s.Days / daysInMonth)));
        if (included is { } limit && jobsRun > limit)
        {
            var over = jobsRun - limit;
            var blocks = (over - 1) / JobsPerBlock + 1;
            var amount = checked(blocks * monthEnd.PricePer1000JobsMinor);
            if (amount > 0)
            {
                lines.Add(new InvoiceLine
                {
                    Kind = InvoiceLineKind.OverageJobs,
                    Description = $"{Count(jobsRun)} jobs run, {Count(over)} above the {Count(limit)} included: {Count(blocks)} started thousand{(blocks == 1 ? "" : "s")}",
                    Plan = monthEnd.Name,
                    From = segments[0].From,
                    To = segments[^1].To,
                    Quantity = blocks,
                    UnitPriceMinor = monthEnd.PricePer1000JobsMinor,
                    Rate = $"{monthEnd.PricePer1000JobsMinor} per started 1,000 jobs (the month-end plan's price)",
                    AmountMinor = amount,
                });
            }
        }

        var total = lines.Aggregate(0L, (sum, line) => checked(sum + line.AmountMinor));
        return new InvoiceCalculation(monthEnd.Currency, monthEnd.Name, lines, jobsRun, included, days.Sum(u => u.Retries), total);
    }

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> rounded half up (both non-negative).</summary>
    public static long RoundHalfUp(Int128 numerator, long denominator) => checked((long)((numerator * 2 + denominator) / (2 * (Int128)denominator)));

    private static InvoiceLine BaseLine(Segment s, int daysInMonth) => new()
    {
        Kind = InvoiceLineKind.Base,
        Description = $"Plan '{s.Plan.Name}', {Day(s.From)} to {Day(s.To)} ({s.Days} of {daysInMonth} days)",
        Plan = s.Plan.Name,
        From = s.From,
        To = s.To,
        Quantity = s.Days,
        UnitPriceMinor = s.Plan.MonthlyBaseMinor,
        Rate = s.Days == daysInMonth
            ? $"{s.Plan.MonthlyBaseMinor} per month"
            : $"{s.Plan.MonthlyBaseMinor} per month × {s.Days}/{daysInMonth} days, rounded half up",
        AmountMinor = RoundHalfUp((Int128)s.Plan.MonthlyBaseMinor * s.Days, daysInMonth),
    };

    /// <summary>The month's days grouped into runs on one plan, each day on the plan in effect at its last instant.</summary>
    private static List<Segment> Segments(DateOnly month, int daysInMonth, IReadOnlyList<Subscription> history, IReadOnlyDictionary<string, Plan> plans)
    {
        var segments = new List<Segment>();
        for (var day = month; day < month.AddDays(daysInMonth); day = day.AddDays(1))
        {
            var lastInstant = BillingCalendar.StartOf(day.AddDays(1)).AddTicks(-1);
            var subscription = history.LastOrDefault(s => s.StartsAt <= lastInstant && (s.EndsAt is null || lastInstant < s.EndsAt));
            if (subscription is null) continue;
            if (segments.Count > 0 && segments[^1].Plan.Name == subscription.Plan && segments[^1].To == day.AddDays(-1))
            {
                segments[^1] = segments[^1] with { To = day };
                continue;
            }
            var plan = plans.GetValueOrDefault(subscription.Plan)
                ?? throw new InvoiceStateException($"The plan '{subscription.Plan}' billed on {Day(day)} is not in the plan catalog.");
            segments.Add(new Segment(plan, day, day));
        }
        return segments;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private readonly record struct Segment(Plan Plan, DateOnly From, DateOnly To)
    {
        public int Days => To.DayNumber - From.DayNumber + 1;
    }
}
