namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>What an invoice line charges for.</summary>
[GenerateSerializer, Alias("InvoiceLineKind")]
public enum InvoiceLineKind
{
    /// <summary>A plan's monthly base price, pro-rated over the days of the month spent on it.</summary>
    Base = 0,
    /// <summary>Jobs run above the month's included jobs, per started 1,000.</summary>
    OverageJobs = 1,
    /// <summary>Retries (attempts after a job's first) on one plan.</summary>
    Retries = 2,
}
