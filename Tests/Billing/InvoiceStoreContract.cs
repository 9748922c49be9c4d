using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// What every invoice store must do, run against the in-memory store and against PostgreSQL (each fresh): keep
/// every revision, list a tenant's newest month first then newest revision, let a later save of a revision change
/// only its status columns (its figures and lines are final), and refuse drafts.
/// </summary>
public static class InvoiceStoreContract
{
    public static async Task RunAsync(IInvoiceStore store)
    {
        // Whole seconds: PostgreSQL keeps microseconds, so the times come back equal.
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var october = Issued("acme", new DateOnly(2026, 10, 1), 1, at, 3);
        var november = Issued("acme", new DateOnly(2026, 11, 1), 1, at.AddDays(30), 1) with { IncludedJobs = null };
        var globex = Issued("globex", new DateOnly(2026, 11, 1), 1, at.AddDays(30), 2);
        await store.SaveAsync(october);
        await store.SaveAsync(november);
        await store.SaveAsync(globex);

        // A later save of a revision changes its status columns only: the figures and lines stay as first saved.
        var paid = october with { Status = InvoiceStatus.Paid, PaidAt = at.AddDays(3) };
        await store.SaveAsync(paid with { TotalMinor = 1, Lines = [Line(InvoiceLineKind.Base, 99)] });
        await store.SaveAsync(paid);
        var voided = november with { Status = InvoiceStatus.Void, VoidedAt = at.AddDays(31), VoidReason = "wrong plan price" };
        await store.SaveAsync(voided);
        var reissued = Issued("acme", new DateOnly(2026, 11, 1), 2, at.AddDays(32), 2);
        await store.SaveAsync(reissued);

        Assert.Equivalent(new[] { reissued, voided, paid }, await store.ListAsync("acme"), strict: true);
        Assert.Equal(["acme/2026-11#2", "acme/2026-11#1", "acme/2026-10#1"], (await store.ListAsync("acme")).Select(i => $"{i.Id}#{i.Revision}"));
        Assert.Equivalent(new[] { globex }, await store.ListAsync("globex"), strict: true);
        Assert.Empty(await store.ListAsync("initech"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(october with { Status = InvoiceStatus.Draft, IssuedAt = null, Month = new DateOnly(2026, 12, 1) }));
        Assert.Equal(3, (await store.ListAsync("acme")).Count);
    }

    private static Invoice Issued(string tenant, DateOnly month, int revision, DateTimeOffset at, int lines)
    {
        var items = Enumerable.Range(0, lines).Select(i => Line((InvoiceLineKind)(i % 3), 1_000 + i)).ToArray();
        return new Invoice
        {
            Id = InvoiceKeys.Of(tenant, month),
            TenantId = tenant,
            Month = month,
            Revision = revision,
            Status = InvoiceStatus.Issued,
            Currency = "USD",
            Plan = "pro",
            Lines = items,
            JobsRun = 12_345,
            IncludedJobs = 10_000,
            Retries = 67,
            SubtotalMinor = items.Sum(l => l.AmountMinor),
            TotalMinor = items.Sum(l => l.AmountMinor),
            ComputedAt = at,
            IssuedAt = at,
        };
    }

    private static InvoiceLine Line(InvoiceLineKind kind, long amount) => new()
    {
        Kind = kind,
        Description = $"{kind} line of {amount}",
        Plan = "pro",
        From = new DateOnly(2026, 10, 5),
        To = new DateOnly(2026, 10, 31),
        Quantity = 27,
        UnitPriceMinor = 4_900,
        Rate = "4900 per month × 27/31 days, rounded half up",
        AmountMinor = amount,
    };
}
