namespace Orchestrator.Grains.Billing;

[GenerateSerializer, Alias("TenantInvoicesState")]
public sealed class TenantInvoicesState
{
    /// <summary>
    /// The last month the reminder has issued (or found nothing to bill in); it issues the months after it. Starts at
    /// the last month whose issue time had passed when the tenant's invoicing started.
    /// </summary>
    [Id(0)] public DateOnly IssuedThrough { get; set; }
}
