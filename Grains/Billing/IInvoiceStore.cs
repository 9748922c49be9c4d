using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// Issued invoices as rows: <c>invoices</c> and <c>invoice_lines</c> (sql/0011) in cluster mode, memory in embedded
/// mode. Written by the invoice grain after each issue, payment or void, and read for a tenant's list and by
/// accounting SQL. The invoice grain's state stays the source of truth: a save lost to a failure is repeated when the
/// caller retries (a repeated request re-saves), so the rows can lag the grain but never run ahead of it.
/// </summary>
public interface IInvoiceStore
{
    /// <summary>
    /// Upserts one revision. Its figures and lines are written by the first save and never changed (an issued
    /// invoice's figures are final); later saves of the revision update its status and payment/void columns.
    /// </summary>
    Task SaveAsync(Invoice invoice, CancellationToken cancellationToken = default);

    /// <summary>The tenant's invoices, newest month first, then newest revision.</summary>
    Task<IReadOnlyList<Invoice>> ListAsync(string tenantId, CancellationToken cancellationToken = default);
}
