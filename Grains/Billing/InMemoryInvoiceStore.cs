using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>Embedded mode: the invoices in memory, under one lock; lost when the process exits.</summary>
public sealed class InMemoryInvoiceStore : IInvoiceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, DateOnly Month, int Revision), Invoice> _invoices = [];

    public Task SaveAsync(Invoice invoice, CancellationToken cancellationToken = default)
    {
        if (invoice.Status == InvoiceStatus.Draft || invoice.IssuedAt is null) throw new ArgumentException("Only issued invoices are stored.", nameof(invoice));
        var key = (invoice.TenantId, invoice.Month, invoice.Revision);
        lock (_gate)
        {
            _invoices[key] = _invoices.TryGetValue(key, out var stored)
                ? stored with { Status = invoice.Status, PaidAt = invoice.PaidAt, VoidedAt = invoice.VoidedAt, VoidReason = invoice.VoidReason }
                : invoice;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Invoice>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Invoice> list = _invoices.Values.Where(i => i.TenantId == tenantId)
                .OrderByDescending(i => i.Month).ThenByDescending(i => i.Revision).ToArray();
            return Task.FromResult(list);
        }
    }
}
