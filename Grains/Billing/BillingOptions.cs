using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Billing;

/// <summary><c>Orchestrator:Billing</c>: which plan new tenants get, and how fresh usage and quota figures are.</summary>
public sealed class BillingOptions
{
    public const string Section = "Orchestrator:Billing";

    public static readonly TimeSpan DefaultUsageFlushPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The plan of a tenant that never had a subscription set (default <c>free</c>).</summary>
    public string DefaultPlan { get; set; } = SeedPlans.Free.Name;

    /// <summary>How old a cached day of usage may be before a read recounts it from the job rows (default 10 s).</summary>
    public TimeSpan UsageRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the usage flush (<see cref="UsageFlushGrain"/>) recounts the tenant-days with new activity and upserts
    /// those that changed into <c>usage_daily</c> (default 1 min; a reminder, so at least Orleans' minimum reminder period).
    /// </summary>
    public TimeSpan UsageFlushPeriod { get; set; } = DefaultUsageFlushPeriod;

    /// <summary>
    /// How long a silo keeps a tenant's quota answer (its plan's limits and the jobs it may still admit without asking
    /// the tenant's quota grain) before asking again (default 5 s). Unused admissions go back when it expires.
    /// </summary>
    public TimeSpan QuotaLeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Backpressure per tenant: the most jobs a tenant may have waiting (scheduled, queued, retrying) when its plan sets
    /// no <c>maxPendingJobs</c>; past it submissions answer 429 with Retry-After. Default none (only the plans' limits).
    /// Counting costs a grouped count of the tenant's rows every 2 s while it submits.
    /// </summary>
    public long? MaxPendingJobs { get; set; }
}

/// <summary>Rejects an empty default plan and non-positive durations at start.</summary>
public sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DefaultPlan)) errors.Add($"{BillingOptions.Section}:DefaultPlan must name a plan.");
        if (options.UsageRefresh < TimeSpan.Zero) errors.Add($"{BillingOptions.Section}:UsageRefresh must not be negative.");
        if (options.UsageFlushPeriod <= TimeSpan.Zero) errors.Add($"{BillingOptions.Section}:UsageFlushPeriod must be positive.");
        if (options.MaxPendingJobs is < 1) errors.Add($"{BillingOptions.Section}:MaxPendingJobs must be at least 1 (or unset).");
        if (options.QuotaLeaseTtl <= TimeSpan.Zero) errors.Add($"{BillingOptions.Section}:QuotaLeaseTtl must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
