namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>There is nothing to bill for the month: it has not begun, or the tenant had no plan on any day of it (HTTP 404).</summary>
[GenerateSerializer, Alias("InvoiceNotFoundException")]
public sealed class InvoiceNotFoundException : Exception
{
    public InvoiceNotFoundException(string message) : base(message) { }
}
