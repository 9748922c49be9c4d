namespace Orchestrator.Grains.Billing;

/// <summary>The grain storage of plans, subscriptions, quota state and invoices: memory in embedded mode, PostgreSQL in cluster mode.</summary>
public static class BillingStorage
{
    public const string Name = "billing";
}
