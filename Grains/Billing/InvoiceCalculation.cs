using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>What <see cref="InvoiceCalculator"/> computes for a month: the lines and the figures they come from.</summary>
/// <param name="Currency">The month-end plan's currency.</param>
/// <param name="Plan">The plan in effect at the end of the month.</param>
/// <param name="Lines">Base lines, then retries lines, then the overage line.</param>
/// <param name="JobsRun">Jobs run in the month (Σ executions − retries).</param>
/// <param name="IncludedJobs">Jobs included by the month's plans, pro-rated; null when one of them is unlimited.</param>
/// <param name="Retries">Retries in the month.</param>
/// <param name="TotalMinor">Σ of the lines' amounts.</param>
public sealed record InvoiceCalculation(
    string Currency, string Plan, IReadOnlyList<InvoiceLine> Lines, long JobsRun, long? IncludedJobs, long Retries, long TotalMinor);
