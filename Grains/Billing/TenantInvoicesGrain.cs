using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// A tenant's invoices: the list (from <see cref="IInvoiceStore"/>) and the monthly issuing. Activating the grain
/// starts the tenant's invoicing: the first activation records the last month whose issue time has already passed
/// (those months are left to a platform admin), and every activation makes sure the reminder exists. The reminder
/// is due at the next month's issue time (its end plus <see cref="InvoiceOptions.IssueDelay"/>); each tick issues the
/// months due since <see cref="TenantInvoicesState.IssuedThrough"/>, oldest first, and moves the reminder to the next
/// issue time. A tick that fails leaves the reminder ticking every <see cref="InvoiceOptions.RetryPeriod"/>, and the
/// retry is safe: issuing a month already issued returns its invoice.
/// </summary>
public sealed partial class TenantInvoicesGrain(
    [PersistentState("tenant-invoices", BillingStorage.Name)] IPersistentState<TenantInvoicesState> invoicing,
    IInvoiceStore store,
    IOptions<InvoiceOptions> options,
    IOptions<Orleans.Hosting.ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<TenantInvoicesGrain> logger) : Grain, ITenantInvoicesGrain, IRemindable
{
    private const string ReminderName = "issue-invoices";
    /// <summary>Most months one tick issues (after a long outage); the rest follow on the next tick, moments later.</summary>
    public const int MaxMonthsPerTick = 12;
    /// <summary>Kept well inside Orleans' longest reminder due time (~49.7 days).</summary>
    private static readonly TimeSpan MaxDueTime = TimeSpan.FromDays(45);

    private string TenantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!invoicing.RecordExists)
        {
            invoicing.State.IssuedThrough = LastDueMonth(time.GetUtcNow());
            await invoicing.WriteStateAsync(cancellationToken);
        }
        if (await this.GetReminder(ReminderName) is null) await ScheduleNextAsync();
    }

    public Task Start() => Task.CompletedTask; // activation did it

    public Task<IReadOnlyList<Invoice>> List() => store.ListAsync(TenantId);

    public async Task<IReadOnlyList<Invoice>> IssueDue()
    {
        var due = LastDueMonth(time.GetUtcNow());
        var issued = new List<Invoice>();
        var start = invoicing.State.IssuedThrough;
        try
        {
            for (var month = start.AddMonths(1); month <= due && month <= start.AddMonths(MaxMonthsPerTick); month = month.AddMonths(1))
            {
                try
                {
                    issued.Add(await GrainFactory.GetGrain<IInvoiceGrain>(InvoiceKeys.Of(TenantId, month)).Issue());
                }
                catch (InvoiceNotFoundException)
                {
                    // No day of the month had a plan (it ended before the tenant existed): nothing to bill.
                }
                invoicing.State.IssuedThrough = month;
            }
        }
        finally
        {
            if (invoicing.State.IssuedThrough != start) await invoicing.WriteStateAsync();
        }
        await ScheduleNextAsync();
        return issued;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await IssueDue();
        }
        catch (Exception e)
        {
            LogIssueFailed(TenantId, e); // the reminder's period is the retry
        }
    }

    /// <summary>The latest month whose issue time (its end plus the delay) is at or before <paramref name="now"/>.</summary>
    private DateOnly LastDueMonth(DateTimeOffset now) =>
        BillingCalendar.MonthOf(BillingCalendar.DayOf(now - options.Value.IssueDelay)).AddMonths(-1);

    /// <summary>Due at the issue time of the month after the last one issued (at once when that has passed), retrying every RetryPeriod.</summary>
    private async Task ScheduleNextAsync()
    {
        var next = BillingCalendar.StartOf(invoicing.State.IssuedThrough.AddMonths(2)) + options.Value.IssueDelay;
        var due = next - time.GetUtcNow();
        if (due < TimeSpan.Zero) due = TimeSpan.Zero;
        if (due > MaxDueTime) due = MaxDueTime;
        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        var period = options.Value.RetryPeriod < minimum ? minimum : options.Value.RetryPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, due, period);
    }

    [LoggerMessage(EventId = 3703, Level = LogLevel.Warning, Message = "Issuing the due invoices of tenant {TenantId} failed; the reminder retries")]
    private partial void LogIssueFailed(string tenantId, Exception exception);
}
