namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>Where a tenant stands against its plan's job limits.</summary>
[GenerateSerializer, Alias("QuotaLevel")]
public enum QuotaLevel
{
    /// <summary>Below 80 % of every limit.</summary>
    Ok = 0,
    /// <summary>At or above 80 % of a limit: submissions are accepted with a warning.</summary>
    Warning = 1,
    /// <summary>At or over a limit (100 %), within the plan's grace: accepted with a warning.</summary>
    Grace = 2,
    /// <summary>Past the grace: submissions are refused (429 <c>quota-exceeded</c>) until the period resets or the plan changes.</summary>
    Blocked = 3,
}
