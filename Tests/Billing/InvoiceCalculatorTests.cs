using System.Globalization;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// The invoice rules on hand-computed months: the plan of each day (at its end), pro-rated base prices and included
/// jobs, overage per started 1,000 at the month-end price, retries per plan period, rounding half up, every month
/// length, and plan changes on the first and the last day.
/// </summary>
public sealed class InvoiceCalculatorTests
{
    private const string Tenant = "acme";

    private static readonly Plan Basic = new()
    {
        Name = "basic", MonthlyBaseMinor = 2_900, IncludedJobsPerMonth = 10_000, PricePer1000JobsMinor = 40, PricePerRetryMinor = 2,
    };

    private static readonly Plan Plus = new()
    {
        Name = "plus", MonthlyBaseMinor = 9_900, IncludedJobsPerMonth = 50_000, PricePer1000JobsMinor = 25, PricePerRetryMinor = 1,
    };

    private static readonly Plan Unlimited = new() { Name = "unlimited", MonthlyBaseMinor = 50_000, IncludedJobsPerMonth = null, PricePer1000JobsMinor = 10, PricePerRetryMinor = 3 };

    private static readonly Plan FreeRetries = new() { Name = "free-retries", MonthlyBaseMinor = 1_000, IncludedJobsPerMonth = 1_000, PricePer1000JobsMinor = 100 };

    private static readonly Plan Euro = new() { Name = "euro", MonthlyBaseMinor = 2_500, IncludedJobsPerMonth = 10_000, Currency = "EUR" };

    private static readonly Dictionary<string, Plan> Plans = new[] { Basic, Plus, Unlimited, FreeRetries, Euro }.ToDictionary(p => p.Name);

    /// <summary>A month's inputs and its expected invoice; each line as <c>{Kind} {plan} {MM-dd}..{MM-dd} q{quantity} = {amount}</c>.</summary>
    public sealed record Case(string Month, Subscription[] History, UsageDay[] Usage, string[] Lines, long Total, long? Included, long JobsRun);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // November 2026 has 30 days. basic until 12 Nov 15:30, plus from then: 12 Nov ends on plus, so
        //   basic 1–11 Nov = 11 days, plus 12–30 Nov = 19 days.
        // Base:     basic 2900 × 11/30 = 1063.33 → 1063;  plus 9900 × 19/30 = 6270.00 → 6270
        // Retries:  basic (3 Nov 200 + 11 Nov 150) = 350 × 2 = 700;  plus (12 Nov 500 + 20 Nov 300 + 30 Nov 0) = 800 × 1 = 800
        // Included: ⌊10000 × 11/30⌋ = ⌊3666.67⌋ = 3666  +  ⌊50000 × 19/30⌋ = ⌊31666.67⌋ = 31666  = 35332
        // Jobs run: (4200−200) + (3150−150) + (10500−500) + (25300−300) + (9001−0) = 4000 + 3000 + 10000 + 25000 + 9001 = 51001
        //           (31 Oct and 1 Dec are other months: ignored)
        // Overage:  51001 − 35332 = 15669 → ⌈15.669⌉ = 16 started thousands × 25 (plus, the month-end plan) = 400
        // Total:    1063 + 6270 + 700 + 800 + 400 = 9233
        ["mid-month change, hand-computed"] = new("2026-11",
            [Sub(Basic, "2026-10-05T08:00Z", "2026-11-12T15:30Z"), Sub(Plus, "2026-11-12T15:30Z")],
            [Use("2026-10-31", 99_999, 999), Use("2026-11-03", 4_200, 200), Use("2026-11-11", 3_150, 150), Use("2026-11-12", 10_500, 500),
             Use("2026-11-20", 25_300, 300), Use("2026-11-30", 9_001, 0), Use("2026-12-01", 99_999, 999)],
            ["Base basic 11-01..11-11 q11 = 1063", "Base plus 11-12..11-30 q19 = 6270", "Retries basic 11-01..11-11 q350 = 700",
             "Retries plus 11-12..11-30 q800 = 800", "OverageJobs plus 11-01..11-30 q16 = 400"],
            9_233, 35_332, 51_001),

        // A whole month on one plan is exactly its base and its included jobs, whatever the month's length.
        // 28 days: 10001 run, 1 over → 1 thousand × 40.  29 days: 10000 run, none over → no overage line.
        ["28-day month, one over"] = new("2026-02", [Sub(Basic, "2020-01-01T00:00Z")], [Use("2026-02-28", 10_001, 0)],
            ["Base basic 02-01..02-28 q28 = 2900", "OverageJobs basic 02-01..02-28 q1 = 40"], 2_940, 10_000, 10_001),
        ["29-day month, exactly the included"] = new("2028-02", [Sub(Basic, "2020-01-01T00:00Z")], [Use("2028-02-29", 10_000, 0)],
            ["Base basic 02-01..02-29 q29 = 2900"], 2_900, 10_000, 10_000),
        // 30 days: 11000 run = 1000 over → 1 thousand.  31 days: 11001 run = 1001 over → 2 started thousands.
        ["30-day month, a thousand over"] = new("2026-04", [Sub(Basic, "2020-01-01T00:00Z")], [Use("2026-04-01", 11_000, 0)],
            ["Base basic 04-01..04-30 q30 = 2900", "OverageJobs basic 04-01..04-30 q1 = 40"], 2_940, 10_000, 11_000),
        ["31-day month, a thousand and one over"] = new("2026-01", [Sub(Basic, "2020-01-01T00:00Z")], [Use("2026-01-31", 11_001, 0)],
            ["Base basic 01-01..01-31 q31 = 2900", "OverageJobs basic 01-01..01-31 q2 = 80"], 2_980, 10_000, 11_001),

        // A tenant created on 15 Feb: 2026 → 14 of 28 days: 2900 × 14/28 = 1450, ⌊10000 × 14/28⌋ = 5000.
        // 2028 (leap) → 15 of 29 days: 2900 × 15/29 = 1500, ⌊10000 × 15/29⌋ = ⌊5172.41⌋ = 5172. Days before: not billed.
        ["created mid-February"] = new("2026-02", [Sub(Basic, "2026-02-15T10:00Z")], [Use("2026-02-20", 5_001, 0)],
            ["Base basic 02-15..02-28 q14 = 1450", "OverageJobs basic 02-15..02-28 q1 = 40"], 1_490, 5_000, 5_001),
        ["created mid-February of a leap year"] = new("2028-02", [Sub(Basic, "2028-02-15T10:00Z")], [Use("2028-02-20", 5_172, 0)],
            ["Base basic 02-15..02-29 q15 = 1500"], 1_500, 5_172, 5_172),

        // Changes on the 1st. At midnight, or later that day: 1 Apr ends on plus, so all of April is plus.
        ["change at midnight of the 1st"] = new("2026-04", [Sub(Basic, "2026-01-01T00:00Z", "2026-04-01T00:00Z"), Sub(Plus, "2026-04-01T00:00Z")], [],
            ["Base plus 04-01..04-30 q30 = 9900"], 9_900, 50_000, 0),
        ["change during the 1st"] = new("2026-04", [Sub(Basic, "2026-01-01T00:00Z", "2026-04-01T10:00Z"), Sub(Plus, "2026-04-01T10:00Z")], [],
            ["Base plus 04-01..04-30 q30 = 9900"], 9_900, 50_000, 0),
        // At midnight of the 2nd: 1 Apr ended on basic. 2900 × 1/30 = 96.67 → 97; 9900 × 29/30 = 9570.
        // Included ⌊10000/30⌋ = 333 + ⌊50000 × 29/30⌋ = ⌊48333.3⌋ = 48333 = 48666.
        ["change at the end of the 1st"] = new("2026-04", [Sub(Basic, "2026-01-01T00:00Z", "2026-04-02T00:00Z"), Sub(Plus, "2026-04-02T00:00Z")], [],
            ["Base basic 04-01..04-01 q1 = 97", "Base plus 04-02..04-30 q29 = 9570"], 9_667, 48_666, 0),

        // Changes on the last day. During 30 Apr: basic 1–29 (2900 × 29/30 = 2803.33 → 2803), plus 30 Apr (9900/30 = 330).
        // Included ⌊10000 × 29/30⌋ = 9666 + ⌊50000/30⌋ = 1666 = 11332; 40000 run → 28668 over → 29 × 25 (plus ends the month) = 725.
        ["change during the last day"] = new("2026-04", [Sub(Basic, "2026-01-01T00:00Z", "2026-04-30T12:00Z"), Sub(Plus, "2026-04-30T12:00Z")],
            [Use("2026-04-10", 40_000, 0)],
            ["Base basic 04-01..04-29 q29 = 2803", "Base plus 04-30..04-30 q1 = 330", "OverageJobs plus 04-01..04-30 q29 = 725"], 3_858, 11_332, 40_000),
        // A change at midnight after the last day belongs to May: April is all basic; 30000 over → 30 × 40 = 1200.
        ["change at the end of the last day"] = new("2026-04", [Sub(Basic, "2026-01-01T00:00Z", "2026-05-01T00:00Z"), Sub(Plus, "2026-05-01T00:00Z")],
            [Use("2026-04-10", 40_000, 0)],
            ["Base basic 04-01..04-30 q30 = 2900", "OverageJobs basic 04-01..04-30 q30 = 1200"], 4_100, 10_000, 40_000),

        // Plus held only from 10:00 to 16:00 on 10 Apr is in effect at the end of no day: not billed; basic days join up.
        ["a plan held for part of a day"] = new("2026-04",
            [Sub(Basic, "2026-01-01T00:00Z", "2026-04-10T10:00Z"), Sub(Plus, "2026-04-10T10:00Z", "2026-04-10T16:00Z"), Sub(Basic, "2026-04-10T16:00Z")], [],
            ["Base basic 04-01..04-30 q30 = 2900"], 2_900, 10_000, 0),

        // A plan without a monthly job limit for part of the month makes the whole month unlimited: no overage line.
        // unlimited 1–15 Apr (50000 × 15/30 = 25000), basic 16–30 Apr (1450); retries 10 × 3 + 20 × 2 = 70.
        ["unlimited for part of the month"] = new("2026-04", [Sub(Unlimited, "2026-01-01T00:00Z", "2026-04-16T00:00Z"), Sub(Basic, "2026-04-16T00:00Z")],
            [Use("2026-04-01", 500_010, 10), Use("2026-04-20", 900_020, 20)],
            ["Base unlimited 04-01..04-15 q15 = 25000", "Base basic 04-16..04-30 q15 = 1450", "Retries unlimited 04-01..04-15 q10 = 30",
             "Retries basic 04-16..04-30 q20 = 40"], 26_520, null, 1_400_000),

        // Retries at a price of 0 and nothing over the included: only the base line (the usage stays in the figures).
        ["free retries, under the limit"] = new("2026-04", [Sub(FreeRetries, "2026-01-01T00:00Z")], [Use("2026-04-05", 1_000, 400)],
            ["Base free-retries 04-01..04-30 q30 = 1000"], 1_000, 1_000, 600),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Month_IsBilledAsHandComputed(string name)
    {
        var c = Cases[name];
        var month = Month(c.Month);

        var invoice = InvoiceCalculator.Calculate(month, c.History, Plans, c.Usage)!;

        Assert.Equal(c.Lines, invoice.Lines.Select(Describe).ToArray());
        Assert.Equal(c.Total, invoice.TotalMinor);
        Assert.Equal(invoice.Lines.Sum(l => l.AmountMinor), invoice.TotalMinor);
        Assert.Equal(c.Included, invoice.IncludedJobs);
        Assert.Equal(c.JobsRun, invoice.JobsRun);
        Assert.Equal(c.History.Last(s => s.StartsAt < BillingCalendar.StartOf(month.AddMonths(1))).Plan, invoice.Plan);
        Assert.Equal("USD", invoice.Currency);
    }

    [Theory]
    [InlineData(3, 14, 28, 2)]   // 1.5 → 2
    [InlineData(5, 3, 30, 1)]    // 0.5 → 1
    [InlineData(5, 1, 30, 0)]    // 0.17 → 0
    [InlineData(1, 15, 31, 0)]   // 0.48 → 0
    [InlineData(1, 16, 31, 1)]   // 0.52 → 1
    [InlineData(4_900, 17, 30, 2_777)] // 2776.67 → 2777
    [InlineData(99, 10, 20, 50)] // 49.5 → 50
    [InlineData(0, 12, 30, 0)]
    [InlineData(long.MaxValue / 31, 31, 31, long.MaxValue / 31)] // no overflow in the product
    public void BaseShare_IsRoundedHalfUp(long monthlyBase, int days, int daysInMonth, long expected) =>
        Assert.Equal(expected, InvoiceCalculator.RoundHalfUp((Int128)monthlyBase * days, daysInMonth));

    [Fact]
    public void HalfACent_RoundsUp_OnAnInvoice()
    {
        // February 2026: 14 of 28 days of a base of 3 is 1.5 → 2.
        var half = new Plan { Name = "half", MonthlyBaseMinor = 3, IncludedJobsPerMonth = 0 };
        var invoice = InvoiceCalculator.Calculate(Month("2026-02"), [Sub(half, "2026-02-15T00:00Z")], new Dictionary<string, Plan> { ["half"] = half }, [])!;
        Assert.Equal(["Base half 02-15..02-28 q14 = 2"], invoice.Lines.Select(Describe));
    }

    [Fact]
    public void AMonthBeforeTheFirstSubscription_HasNothingToBill() =>
        Assert.Null(InvoiceCalculator.Calculate(Month("2026-03"), [Sub(Basic, "2026-04-01T00:00Z")], Plans, [Use("2026-03-10", 5, 0)]));

    [Fact]
    public void PlansOfDifferentCurrencies_InOneMonth_AreRefused()
    {
        var e = Assert.Throws<InvoiceStateException>(() => InvoiceCalculator.Calculate(Month("2026-04"),
            [Sub(Basic, "2026-01-01T00:00Z", "2026-04-10T00:00Z"), Sub(Euro, "2026-04-10T00:00Z")], Plans, []));
        Assert.Contains("currency", e.Message);
    }

    [Fact]
    public void AMonthOnOnePlanOfAnotherCurrency_IsBilledInIt() =>
        Assert.Equal("EUR", InvoiceCalculator.Calculate(Month("2026-04"), [Sub(Euro, "2026-01-01T00:00Z")], Plans, [])!.Currency);

    [Fact]
    public void APlanMissingFromTheCatalog_IsRefused_OnlyWhenTheMonthBillsIt()
    {
        var history = new[] { Sub(new Plan { Name = "retired" }, "2025-01-01T00:00Z", "2026-03-01T00:00Z"), Sub(Basic, "2026-03-01T00:00Z") };
        Assert.Throws<InvoiceStateException>(() => InvoiceCalculator.Calculate(Month("2026-02"), history, Plans, []));
        Assert.Equal(2_900, InvoiceCalculator.Calculate(Month("2026-03"), history, Plans, [])!.TotalMinor);
    }

    [Fact]
    public void TheMonth_MustBeGivenByItsFirstDay() =>
        Assert.Throws<ArgumentException>(() => InvoiceCalculator.Calculate(new DateOnly(2026, 4, 2), [Sub(Basic, "2026-01-01T00:00Z")], Plans, []));

    private static string Describe(InvoiceLine l) =>
        $"{l.Kind} {l.Plan} {l.From:MM-dd}..{l.To:MM-dd} q{l.Quantity} = {l.AmountMinor}";

    private static DateOnly Month(string yyyyMM) => DateOnly.ParseExact(yyyyMM + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Subscription Sub(Plan plan, string startsAt, string? endsAt = null) => new()
    {
        TenantId = Tenant,
        Plan = plan.Name,
        StartsAt = DateTimeOffset.Parse(startsAt, CultureInfo.InvariantCulture),
        EndsAt = endsAt is null ? null : DateTimeOffset.Parse(endsAt, CultureInfo.InvariantCulture),
    };

    private static UsageDay Use(string day, long executions, long retries) => new()
    {
        TenantId = Tenant,
        Day = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        JobsAccepted = executions - retries,
        Executions = executions,
        Retries = retries,
    };
}
