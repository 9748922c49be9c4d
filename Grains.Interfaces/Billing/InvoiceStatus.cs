namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// Where an invoice stands. Draft → Issued → Paid, or Issued → Void; a voided month may be reissued as a new
/// revision. Only an issued invoice is stored; a draft is computed each time it is read.
/// </summary>
[GenerateSerializer, Alias("InvoiceStatus")]
public enum InvoiceStatus
{
    /// <summary>Computed live from the usage and subscriptions so far; changes until issued.</summary>
    Draft = 0,
    /// <summary>Computed once when its month was over and stored; its figures never change again.</summary>
    Issued = 1,
    /// <summary>An issued invoice marked paid. Final.</summary>
    Paid = 2,
    /// <summary>An issued invoice cancelled with a reason; its month may be reissued as the next revision.</summary>
    Void = 3,
}
