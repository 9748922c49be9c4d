namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A tenant's invoices, keyed by tenant id: lists the issued ones and issues each month's invoice shortly after the
/// month ends, by a reminder (<c>Orchestrator:Billing:Invoices</c>). Started when the tenant registers.
/// </summary>
[Alias("tenant-invoices")]
public interface ITenantInvoicesGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the monthly issuing reminder exists (safe to call again).</summary>
    [Alias("start")]
    Task Start();

    /// <summary>Every issued invoice (issued, paid, void; every revision), newest month first, then newest revision.</summary>
    [Alias("list")]
    Task<IReadOnlyList<Invoice>> List();

    /// <summary>
    /// Issues every month whose issue time (its end plus the issue delay) has come since the last one this grain
    /// issued, oldest first; returns the invoices issued. What the reminder does; tests call it directly.
    /// </summary>
    [Alias("issue-due")]
    Task<IReadOnlyList<Invoice>> IssueDue();
}
