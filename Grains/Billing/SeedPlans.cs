using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// The plans every catalog starts with. Admins replace them or add others (<c>PUT /admin/plans/{name}</c>); a seed
/// plan an admin changed is never overwritten. Prices in US cents.
/// </summary>
public static class SeedPlans
{
    public static Plan Free { get; } = new()
    {
        Name = "free",
        IncludedJobsPerDay = 1_000,
        IncludedJobsPerMonth = 10_000,
        MaxConcurrentJobs = 5,
        MaxPendingJobs = 1_000,
        MaxPayloadBytes = 64 * 1024,
        MaxSchedules = 5,
        MaxWorkflows = 5,
        GracePercent = 10,
        GraceDays = 0,
    };

    public static Plan Pro { get; } = new()
    {
        Name = "pro",
        IncludedJobsPerDay = 100_000,
        IncludedJobsPerMonth = 1_000_000,
        MaxConcurrentJobs = 100,
        MaxPendingJobs = 1_000_000,
        MaxPayloadBytes = 256 * 1024,
        MaxSchedules = 500,
        MaxWorkflows = 500,
        PricePer1000JobsMinor = 50,
        PricePerRetryMinor = 0,
        MonthlyBaseMinor = 4_900,
        GracePercent = 20,
        GraceDays = 3,
    };

    /// <summary>No limits: a base price and usage.</summary>
    public static Plan Enterprise { get; } = new()
    {
        Name = "enterprise",
        PricePer1000JobsMinor = 20,
        MonthlyBaseMinor = 99_900,
        GracePercent = 0,
        GraceDays = 0,
    };

    public static IReadOnlyList<Plan> All { get; } = [Free, Pro, Enterprise];
}
