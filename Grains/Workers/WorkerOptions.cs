using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Workers;

/// <summary>External workers (<c>Orchestrator:Workers</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Orchestrator:Workers";

    /// <summary>How long a lease (and each heartbeat's extension) lasts. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a job waiting for a worker re-offers itself to its work queue, so a queue activation lost with its
    /// silo refills within this period. Default 10 s.
    /// </summary>
    public TimeSpan OfferPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A worker with no call (lease or heartbeat) for this long is listed as lost. Default 60 s.</summary>
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest long poll a lease call may ask for. Default 30 s.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Rejects periods that cannot work.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        if (options.LeaseDuration < TimeSpan.FromSeconds(1)) failures.Add("Orchestrator:Workers:LeaseDuration must be at least 1 s.");
        if (options.OfferPeriod < TimeSpan.FromMilliseconds(100)) failures.Add("Orchestrator:Workers:OfferPeriod must be at least 100 ms.");
        if (options.LostAfter <= TimeSpan.Zero) failures.Add("Orchestrator:Workers:LostAfter must be positive.");
        if (options.MaxWait < TimeSpan.Zero || options.MaxWait > TimeSpan.FromMinutes(5)) failures.Add("Orchestrator:Workers:MaxWait must be 0–5 min.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
