namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// The invoice's state (or its month's) does not allow the request: issuing a month that is not over, paying a draft,
/// voiding a paid invoice, a month whose plans differ in currency (HTTP 409).
/// </summary>
[GenerateSerializer, Alias("InvoiceStateException")]
public sealed class InvoiceStateException : Exception
{
    public InvoiceStateException(string message) : base(message) { }
}
