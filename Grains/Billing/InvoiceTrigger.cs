namespace Orchestrator.Grains.Billing;

/// <summary>What can happen to an invoice.</summary>
public enum InvoiceTrigger
{
    Issue,
    Pay,
    Void,
    /// <summary>Bill a voided month again, as a new revision.</summary>
    Reissue,
}
