using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Execution;

/// <summary>The silo-local job executor (<c>Orchestrator:Executor</c>).</summary>
public sealed class ExecutorOptions
{
    public const string Section = "Orchestrator:Executor";
    public const int DefaultMaxConcurrency = 64;

    /// <summary>Attempts running at once in this silo (its worker slots). Default 64.</summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>Per-queue caps on running attempts in this silo, e.g. <c>{"reports": 2}</c>; queues not listed share <see cref="MaxConcurrency"/>.</summary>
    public Dictionary<string, int> QueueConcurrency { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Cap on running attempts of one tenant in this silo (0: none beyond <see cref="MaxConcurrency"/>), so one tenant's
    /// flood cannot take every worker slot: its other jobs wait in the queue while other tenants' jobs run. Per silo, so
    /// the cluster-wide cap is this times the number of silos.
    /// </summary>
    public int TenantConcurrency { get; set; }

    /// <summary>
    /// Backpressure: attempts that may wait for a slot in this silo. Past it, new jobs due now are refused (503 with
    /// Retry-After, metric <c>orchestrator_submissions_refused_total{reason="saturated"}</c>) until the backlog drains;
    /// accepted work is never dropped. Default 100,000.
    /// </summary>
    public int MaxQueued { get; set; } = 100_000;

    /// <summary>How long an attempt's outcome report is retried while the store is unavailable. Default 2 minutes.</summary>
    public TimeSpan ReportRetryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a stopping silo waits for cancelled attempts to report back. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Checks <see cref="ExecutorOptions"/> at start-up.</summary>
public sealed class ExecutorOptionsValidator : IValidateOptions<ExecutorOptions>
{
    public ValidateOptionsResult Validate(string? name, ExecutorOptions options)
    {
        var failures = new List<string>();
        if (options.MaxConcurrency < 1) failures.Add($"{ExecutorOptions.Section}:MaxConcurrency must be at least 1.");
        failures.AddRange(options.QueueConcurrency.Where(q => q.Value < 1).Select(q => $"{ExecutorOptions.Section}:QueueConcurrency:{q.Key} must be at least 1."));
        if (options.TenantConcurrency < 0) failures.Add($"{ExecutorOptions.Section}:TenantConcurrency must be 0 (no cap) or more.");
        if (options.ShutdownTimeout < TimeSpan.Zero) failures.Add($"{ExecutorOptions.Section}:ShutdownTimeout must not be negative.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
