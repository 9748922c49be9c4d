namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A tenant's invoice for one UTC calendar month: a draft computed live until it is issued, then a stored document
/// whose figures never change (a later usage recount, plan change or price change does not touch it). Amounts are in
/// minor units of <see cref="Currency"/> as integers. The rules are <c>InvoiceCalculator</c>'s (Grains/Billing).
/// </summary>
[GenerateSerializer, Alias("Invoice")]
public sealed record Invoice
{
    /// <summary><c>{tenant}/{yyyy-MM}</c>, see <see cref="InvoiceKeys"/>; a tenant's API names it by the month alone.</summary>
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string TenantId { get; init; }
    /// <summary>The first day of the billed UTC month.</summary>
    [Id(2)] public required DateOnly Month { get; init; }
    /// <summary>1 for the month's first invoice; a month reissued after a void gets the next number.</summary>
    [Id(3)] public required int Revision { get; init; }
    [Id(4)] public required InvoiceStatus Status { get; init; }
    /// <summary>ISO 4217 code of the plan in effect at the end of the month (every plan of the month must share it).</summary>
    [Id(5)] public required string Currency { get; init; }
    /// <summary>The plan in effect at the end of the month: its price applies to the jobs over the included amount.</summary>
    [Id(6)] public required string Plan { get; init; }
    /// <summary>Base lines first (one per plan period), then retries (one per plan period that charges them), then overage.</summary>
    [Id(7)] public required IReadOnlyList<InvoiceLine> Lines { get; init; }
    /// <summary>Jobs run in the month (first attempts: executions − retries).</summary>
    [Id(8)] public long JobsRun { get; init; }
    /// <summary>Jobs included in the month's base prices, pro-rated per plan period; null when a plan of the month is unlimited.</summary>
    [Id(9)] public long? IncludedJobs { get; init; }
    /// <summary>Retries in the month, on every plan.</summary>
    [Id(10)] public long Retries { get; init; }
    /// <summary>The sum of the lines.</summary>
    [Id(11)] public long SubtotalMinor { get; init; }
    /// <summary>What is due: the subtotal (no taxes, discounts or credits are applied; kept apart so they can come later).</summary>
    [Id(12)] public long TotalMinor { get; init; }
    /// <summary>When the figures were computed: now for a draft, the issue time for an issued invoice.</summary>
    [Id(13)] public required DateTimeOffset ComputedAt { get; init; }
    [Id(14)] public DateTimeOffset? IssuedAt { get; init; }
    [Id(15)] public DateTimeOffset? PaidAt { get; init; }
    [Id(16)] public DateTimeOffset? VoidedAt { get; init; }
    [Id(17)] public string? VoidReason { get; init; }
}
