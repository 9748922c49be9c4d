using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// One tenant-month's invoice (key <c>{tenant}/{yyyy-MM}</c>). A draft is computed on every read by
/// <see cref="InvoiceCalculator"/> from the tenant's subscription history, the plan catalog and the month's usage;
/// issuing computes it once more, appends it to the state and mirrors it to <see cref="IInvoiceStore"/>. The stored
/// revisions are never recomputed, so later usage recounts, subscription changes or price changes leave them as
/// issued. Moves follow <see cref="InvoiceTransitions"/>; the state is written before the store, and a repeated
/// request re-saves the store row, so a lost mirror write is repaired by the caller's retry.
/// </summary>
public sealed partial class InvoiceGrain(
    [PersistentState("invoice", BillingStorage.Name)] IPersistentState<InvoiceState> invoice,
    IInvoiceStore store,
    TimeProvider time,
    ILogger<InvoiceGrain> logger) : Grain, IInvoiceGrain
{
    public const int MaxReasonLength = 500;

    private string _tenantId = "";
    private DateOnly _month;

    private List<Invoice> Revisions => invoice.State.Revisions;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _month) = InvoiceKeys.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<Invoice?> Get()
    {
        if (Revisions.Count > 0) return Revisions[^1];
        return await ComputeAsync();
    }

    public async Task<Invoice> Issue()
    {
        if (Revisions.Count > 0 && InvoiceTransitions.IsRepeat(Revisions[^1].Status, InvoiceTrigger.Issue)) return await ResaveAsync(Revisions[^1]);
        InvoiceTransitions.Apply(InvoiceStatus.Draft, InvoiceTrigger.Issue);
        return await IssueRevisionAsync();
    }

    public async Task<Invoice> Reissue()
    {
        InvoiceTransitions.Apply(Revisions.Count > 0 ? Revisions[^1].Status : InvoiceStatus.Draft, InvoiceTrigger.Reissue);
        return await IssueRevisionAsync();
    }

    public Task<Invoice> MarkPaid() => MoveAsync(InvoiceTrigger.Pay, i => i with { PaidAt = time.GetUtcNow() });

    public Task<Invoice> Void(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            throw new BillingValidationException("reason", $"Must be 1-{MaxReasonLength} characters.");
        }
        return MoveAsync(InvoiceTrigger.Void, i => i with { VoidedAt = time.GetUtcNow(), VoidReason = reason });
    }

    /// <summary>Pays or voids the month's latest revision, or returns it unchanged when that already happened.</summary>
    private async Task<Invoice> MoveAsync(InvoiceTrigger trigger, Func<Invoice, Invoice> stamp)
    {
        var current = Revisions.Count > 0 ? Revisions[^1] : null;
        if (current is not null && InvoiceTransitions.IsRepeat(current.Status, trigger)) return await ResaveAsync(current);
        var to = InvoiceTransitions.Apply(current?.Status ?? InvoiceStatus.Draft, trigger);
        var moved = stamp(current!) with { Status = to };
        Revisions[^1] = moved;
        await invoice.WriteStateAsync();
        await store.SaveAsync(moved);
        LogMoved(moved.Id, moved.Revision, to);
        return moved;
    }

    /// <summary>Computes the month now and stores it as the next revision; only once the month is over.</summary>
    private async Task<Invoice> IssueRevisionAsync()
    {
        var now = time.GetUtcNow();
        var end = BillingCalendar.StartOf(_month.AddMonths(1));
        if (now < end)
        {
            throw new InvoiceStateException($"{BillingCalendar.MonthKey(_month)} is not over: it can be issued from {end:O} (UTC).");
        }
        var draft = await ComputeAsync()
            ?? throw new InvoiceNotFoundException($"Tenant {_tenantId} had no plan on any day of {BillingCalendar.MonthKey(_month)}: there is nothing to bill.");
        var issued = draft with { Status = InvoiceStatus.Issued, IssuedAt = draft.ComputedAt };
        Revisions.Add(issued);
        await invoice.WriteStateAsync();
        await store.SaveAsync(issued);
        LogIssued(issued.Id, issued.Revision, issued.TotalMinor, issued.Currency);
        return issued;
    }

    private async Task<Invoice> ResaveAsync(Invoice current)
    {
        await store.SaveAsync(current);
        return current;
    }

    /// <summary>
    /// The month as it stands now (for the current month: every day on the plan scheduled for it, usage so far), or
    /// null before it begins or when no day of it had a plan.
    /// </summary>
    private async Task<Invoice?> ComputeAsync()
    {
        var now = time.GetUtcNow();
        var today = BillingCalendar.DayOf(now);
        if (today < _month) return null;
        var history = await GrainFactory.GetGrain<ISubscriptionGrain>(_tenantId).History();
        var catalog = GrainFactory.GetGrain<IPlanCatalogGrain>(0);
        var plans = new Dictionary<string, Plan>(StringComparer.Ordinal);
        foreach (var name in history.Select(s => s.Plan).Distinct())
        {
            if (await catalog.Get(name) is { } plan) plans[name] = plan; // one missing is refused only if the month bills it
        }
        var lastDay = _month.AddMonths(1).AddDays(-1);
        // Days after today have no usage yet; asking for them would only create empty usage rows.
        var usage = await GrainFactory.GetGrain<IUsageQueryGrain>(0).Range(_tenantId, _month, today < lastDay ? today : lastDay);
        if (InvoiceCalculator.Calculate(_month, history, plans, usage) is not { } computed) return null;
        return new Invoice
        {
            Id = InvoiceKeys.Of(_tenantId, _month),
            TenantId = _tenantId,
            Month = _month,
            Revision = Revisions.Count + 1,
            Status = InvoiceStatus.Draft,
            Currency = computed.Currency,
            Plan = computed.Plan,
            // A List on purpose: the ADO.NET storage's JSON restores only allowed types, and a compiler-made
            // collection (what `[..]` builds for an IReadOnlyList) is not one (InvoiceStateSerializationTests).
            Lines = new List<InvoiceLine>(computed.Lines),
            JobsRun = computed.JobsRun,
            IncludedJobs = computed.IncludedJobs,
            Retries = computed.Retries,
            SubtotalMinor = computed.TotalMinor,
            TotalMinor = computed.TotalMinor,
            ComputedAt = now,
        };
    }

    [LoggerMessage(EventId = 3701, Level = LogLevel.Information, Message = "Invoice {InvoiceId} revision {Revision} issued: {TotalMinor} {Currency} (minor units)")]
    private partial void LogIssued(string invoiceId, int revision, long totalMinor, string currency);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Information, Message = "Invoice {InvoiceId} revision {Revision} is now {Status}")]
    private partial void LogMoved(string invoiceId, int revision, InvoiceStatus status);
}
