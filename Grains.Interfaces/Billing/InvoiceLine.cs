namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>One charge of an invoice. Amounts are in minor currency units (cents) as integers.</summary>
[GenerateSerializer, Alias("InvoiceLine")]
public sealed record InvoiceLine
{
    [Id(0)] public required InvoiceLineKind Kind { get; init; }
    /// <summary>For people, e.g. <c>Plan 'pro', 2026-11-12 to 2026-11-30 (19 of 30 days)</c>.</summary>
    [Id(1)] public required string Description { get; init; }
    /// <summary>The plan whose price applies.</summary>
    [Id(2)] public required string Plan { get; init; }
    /// <summary>The first UTC day the line covers.</summary>
    [Id(3)] public required DateOnly From { get; init; }
    /// <summary>The last UTC day the line covers (inclusive).</summary>
    [Id(4)] public required DateOnly To { get; init; }
    /// <summary>Days on the plan (Base), started thousands of jobs over the included (OverageJobs), retries (Retries).</summary>
    [Id(5)] public required long Quantity { get; init; }
    /// <summary>The plan's price the line applies: per month (Base), per started 1,000 jobs (OverageJobs), per retry (Retries).</summary>
    [Id(6)] public required long UnitPriceMinor { get; init; }
    /// <summary>How the amount follows from quantity and price, e.g. <c>4900 per month × 19/30 days, rounded half up</c>.</summary>
    [Id(7)] public required string Rate { get; init; }
    [Id(8)] public required long AmountMinor { get; init; }
}
