using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Tenants;
using Orchestrator.Tests.Infrastructure;
using F = Orchestrator.Tests.Billing.InvoiceClusterFixture;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// Invoice grains on a moving clock: a draft is live, a month is issued once and only when it is over, an issued
/// invoice never changes, pay and void follow the table, and the reminder issues each month after its issue delay.
/// Each test makes its own tenant and plans, then jumps the shared clock past the end of the tenant's first month.
/// </summary>
public sealed class InvoiceGrainTests(InvoiceClusterFixture fixture) : IClassFixture<InvoiceClusterFixture>
{
    [Fact]
    public async Task IssuingTwice_YieldsOneInvoice_TheSameEachTime()
    {
        var t = await NewTenantAsync();
        F.Usage.Set(t.Id, t.LastDay, executions: 2_600, retries: 100);
        F.JumpTo(BillingCalendar.StartOf(t.Month.AddMonths(1)).AddMinutes(30));
        var grain = Invoice(t.Id, t.Month);

        var concurrent = await Task.WhenAll(grain.Issue(), grain.Issue());
        var again = await grain.Issue();

        var issued = concurrent[0];
        Assert.Equal(InvoiceStatus.Issued, issued.Status);
        Assert.Equal(1, issued.Revision);
        Assert.NotNull(issued.IssuedAt);
        Assert.Equivalent(issued, concurrent[1], strict: true);
        Assert.Equivalent(issued, again, strict: true);
        Assert.Equivalent(issued, await grain.Get(), strict: true);
        Assert.Equivalent(new[] { issued }, await Invoices(t.Id).List(), strict: true);

        // The figures: plan A from the tenant's first day to the month's end; 2,500 jobs run, 100 retries.
        var days = t.LastDay.DayNumber - t.FirstDay.DayNumber + 1;
        var dim = BillingCalendar.DaysInMonth(t.Month);
        var included = 1_000L * days / dim;
        var blocks = (2_500 - included + 999) / 1_000;
        Assert.Equal(2_500, issued.JobsRun);
        Assert.Equal(included, issued.IncludedJobs);
        Assert.Equal(100, issued.Retries);
        Assert.Equal(t.A.Name, issued.Plan);
        Assert.Equal(
            [$"Base {t.A.Name} q{days} = {InvoiceCalculator.RoundHalfUp(3_000L * days, dim)}", $"Retries {t.A.Name} q100 = 500", $"OverageJobs {t.A.Name} q{blocks} = {blocks * 200}"],
            issued.Lines.Select(l => $"{l.Kind} {l.Plan} q{l.Quantity} = {l.AmountMinor}"));
        Assert.Equal(issued.Lines.Sum(l => l.AmountMinor), issued.TotalMinor);
    }

    [Fact]
    public async Task AnIssuedInvoice_DoesNotChange_WhenUsagePricesOrThePlanChangeLater_UntilVoidedAndReissued()
    {
        var t = await NewTenantAsync();
        F.Usage.Set(t.Id, t.LastDay, executions: 2_600, retries: 100);
        F.JumpTo(BillingCalendar.StartOf(t.Month.AddMonths(1)).AddMinutes(30));
        var grain = Invoice(t.Id, t.Month);
        var issued = await grain.Issue();

        // Afterwards the last day's usage is recounted higher, plan A's prices rise, and the month's end moves to plan B.
        F.Usage.Set(t.Id, t.LastDay, executions: 9_999, retries: 999);
        await fixture.Grains.GetGrain<IPlanCatalogGrain>(0).Put(t.A with { MonthlyBaseMinor = 99_999, PricePerRetryMinor = 50 });
        var bFrom = new[] { BillingCalendar.StartOf(t.LastDay), t.AStartsAt.AddMinutes(1) }.Max();
        await fixture.Grains.GetGrain<ISubscriptionGrain>(t.Id).Change(t.B.Name, bFrom, "test");
        Assert.Contains(await fixture.Grains.GetGrain<IUsageQueryGrain>(0).Range(t.Id, t.LastDay, t.LastDay), d => d.Retries == 999); // the change is visible

        Assert.Equivalent(issued, await grain.Get(), strict: true);
        Assert.Equivalent(issued, await grain.Issue(), strict: true);
        Assert.Equivalent(new[] { issued }, await Invoices(t.Id).List(), strict: true);

        // Voiding and reissuing bills the month as it now stands, as revision 2; the void revision stays as issued.
        var voided = await grain.Void("plan A was mispriced");
        Assert.Equal(InvoiceStatus.Void, voided.Status);
        Assert.Equal("plan A was mispriced", voided.VoidReason);
        Assert.Equivalent(issued with { Status = InvoiceStatus.Void, VoidedAt = voided.VoidedAt, VoidReason = voided.VoidReason }, voided, strict: true);
        Assert.Equivalent(voided, await grain.Issue(), strict: true); // issuing a voided month again is not a reissue
        await Assert.ThrowsAsync<InvoiceStateException>(() => grain.MarkPaid());
        var reissued = await grain.Reissue();
        Assert.Equal((2, InvoiceStatus.Issued, t.B.Name, 999L), (reissued.Revision, reissued.Status, reissued.Plan, reissued.Retries));
        Assert.NotEqual(issued.TotalMinor, reissued.TotalMinor);
        Assert.Equal([$"{t.Id}/{BillingCalendar.MonthKey(t.Month)}#2 Issued", $"{t.Id}/{BillingCalendar.MonthKey(t.Month)}#1 Void"],
            (await Invoices(t.Id).List()).Select(i => $"{i.Id}#{i.Revision} {i.Status}"));
    }

    [Fact]
    public async Task AnOpenMonth_HasALiveDraft_AndCannotBeIssuedPaidOrVoided()
    {
        var t = await NewTenantAsync();
        var today = BillingCalendar.DayOf(F.Clock.GetUtcNow());
        F.Usage.Set(t.Id, today, executions: 1_200, retries: 0);
        var grain = Invoice(t.Id, t.Month);

        var draft = await grain.Get();
        Assert.Equal((InvoiceStatus.Draft, 1_200L, (DateTimeOffset?)null), (draft!.Status, draft.JobsRun, draft.IssuedAt));
        Assert.Equal(InvoiceLineKind.Base, draft.Lines[0].Kind);
        F.Usage.Set(t.Id, today, executions: 3_000, retries: 0);
        Assert.Equal(3_000, (await grain.Get())!.JobsRun);

        var refusal = await Assert.ThrowsAsync<InvoiceStateException>(() => grain.Issue());
        Assert.Contains("not over", refusal.Message);
        await Assert.ThrowsAsync<InvoiceStateException>(() => grain.MarkPaid());
        await Assert.ThrowsAsync<InvoiceStateException>(() => grain.Void("too early"));
        await Assert.ThrowsAsync<InvoiceStateException>(() => grain.Reissue());
        Assert.Empty(await Invoices(t.Id).List());

        var next = Invoice(t.Id, t.Month.AddMonths(1));
        Assert.Null(await next.Get());
        await Assert.ThrowsAsync<InvoiceStateException>(() => next.Issue());
        var before = Invoice(t.Id, t.Month.AddMonths(-1));
        Assert.Null(await before.Get());
        await Assert.ThrowsAsync<InvoiceNotFoundException>(() => before.Issue());
    }

    [Fact]
    public async Task PayingAndVoiding_FollowTheTable_AndRepeatsReturnTheSameInvoice()
    {
        var t = await NewTenantAsync();
        F.JumpTo(BillingCalendar.StartOf(t.Month.AddMonths(1)).AddMinutes(30));
        var grain = Invoice(t.Id, t.Month);
        var issued = await grain.Issue();

        await Assert.ThrowsAsync<BillingValidationException>(() => grain.Void(" "));
        await Assert.ThrowsAsync<InvoiceStateException>(() => grain.Reissue());
        var paid = await grain.MarkPaid();
        Assert.Equivalent(issued with { Status = InvoiceStatus.Paid, PaidAt = paid.PaidAt }, paid, strict: true);
        Assert.NotNull(paid.PaidAt);
        Assert.Equivalent(paid, await grain.MarkPaid(), strict: true);
        Assert.Equivalent(paid, await grain.Issue(), strict: true);
        var refusal = await Assert.ThrowsAsync<InvoiceStateException>(() => grain.Void("changed my mind"));
        Assert.Contains("paid", refusal.Message);
        await Assert.ThrowsAsync<InvoiceStateException>(() => grain.Reissue());
        Assert.Equivalent(new[] { paid }, await Invoices(t.Id).List(), strict: true);
    }

    [Fact]
    public async Task TheMonthlyReminder_IssuesTheMonth_OnceItsIssueDelayHasPassed()
    {
        var t = await NewTenantAsync();
        F.Usage.Set(t.Id, t.LastDay, executions: 10, retries: 0);
        var invoicing = Invoices(t.Id);
        var issueTime = BillingCalendar.StartOf(t.Month.AddMonths(1)) + F.IssueDelay;

        F.JumpTo(BillingCalendar.StartOf(t.Month.AddMonths(1)).AddMinutes(1));
        Assert.Empty(await invoicing.IssueDue()); // over, but not yet due
        F.JumpTo(issueTime - TimeSpan.FromSeconds(3));
        Assert.Empty(await invoicing.IssueDue()); // 3 s short; this also re-arms the reminder for 3 s from now
        Assert.Equal(InvoiceStatus.Draft, (await Invoice(t.Id, t.Month).Get())!.Status);

        var list = await Eventually.Until(() => invoicing.List(), l => l.Count > 0, $"the reminder issues {BillingCalendar.MonthKey(t.Month)} of {t.Id}",
            TimeSpan.FromSeconds(30));
        Assert.Equal((t.Month, InvoiceStatus.Issued, 10L), (list.Single().Month, list.Single().Status, list.Single().JobsRun));
        Assert.Empty(await invoicing.IssueDue()); // nothing more until next month's issue time
        Assert.Single(await invoicing.List());
    }

    [Fact]
    public async Task IssueDue_CatchesUpEveryMonthSinceTheLastIssued_OldestFirst()
    {
        var t = await NewTenantAsync();
        F.JumpTo(BillingCalendar.StartOf(t.Month.AddMonths(3)) + F.IssueDelay + TimeSpan.FromMinutes(1));

        var issued = await Invoices(t.Id).IssueDue();

        Assert.Equal([t.Month, t.Month.AddMonths(1), t.Month.AddMonths(2)], issued.Select(i => i.Month));
        Assert.All(issued, i => Assert.Equal(InvoiceStatus.Issued, i.Status));
        Assert.Equal(issued.Select(i => i.Id).Reverse(), (await Invoices(t.Id).List()).Select(i => i.Id));
        Assert.Empty(await Invoices(t.Id).IssueDue());
    }

    private IInvoiceGrain Invoice(string tenantId, DateOnly month) => fixture.Grains.GetGrain<IInvoiceGrain>(InvoiceKeys.Of(tenantId, month));

    private ITenantInvoicesGrain Invoices(string tenantId) => fixture.Grains.GetGrain<ITenantInvoicesGrain>(tenantId);

    private sealed record TestTenant(string Id, Plan A, Plan B, DateTimeOffset AStartsAt)
    {
        public DateOnly FirstDay => BillingCalendar.DayOf(AStartsAt);
        public DateOnly Month => BillingCalendar.MonthOf(FirstDay);
        public DateOnly LastDay => Month.AddMonths(1).AddDays(-1);
    }

    /// <summary>A new tenant moved at once to its own plan A (base 30.00, 1,000 jobs included, 2.00 per 1,000 over, 0.05 per retry); plan B is its alternative.</summary>
    private async Task<TestTenant> NewTenantAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var a = new Plan { Name = $"a-{suffix}", MonthlyBaseMinor = 3_000, IncludedJobsPerMonth = 1_000, PricePer1000JobsMinor = 200, PricePerRetryMinor = 5 };
        var b = new Plan { Name = $"b-{suffix}", MonthlyBaseMinor = 7_000, IncludedJobsPerMonth = 5_000, PricePer1000JobsMinor = 100, PricePerRetryMinor = 1 };
        var catalog = fixture.Grains.GetGrain<IPlanCatalogGrain>(0);
        await catalog.Put(a);
        await catalog.Put(b);
        var id = $"inv-{suffix}";
        await fixture.Grains.GetGrain<ITenantGrain>(id).Register("Invoice test", owner: null);
        var subscription = await fixture.Grains.GetGrain<ISubscriptionGrain>(id).Change(a.Name, startsAt: null, "test");
        return new TestTenant(id, a, b, subscription.StartsAt);
    }
}
