using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

[GenerateSerializer, Alias("InvoiceState")]
public sealed class InvoiceState
{
    /// <summary>The month's issued revisions, oldest first; the last is the month's invoice. Empty while it is a draft.</summary>
    [Id(0)] public List<Invoice> Revisions { get; set; } = [];
}
