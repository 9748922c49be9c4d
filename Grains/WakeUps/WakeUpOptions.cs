using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.WakeUps;

/// <summary>How the wake shards sweep the durable wake-up index (<c>Orchestrator:WakeUps</c>).</summary>
public sealed class WakeUpOptions
{
    public const string Section = "Orchestrator:WakeUps";

    /// <summary>How often each shard reads the jobs that are due. Default 1 s.</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far ahead a sweep looks: a job due within this window is activated early and sets its own timer, so it
    /// starts on time rather than up to a sweep period late. Default 5 s.
    /// </summary>
    public TimeSpan Lookahead { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A job woken but still showing the same wake-up this long after it was due is woken again. Default 5 s.</summary>
    public TimeSpan RewakeAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a shard looks for jobs held by silos that are gone, besides every change of cluster membership.
    /// Default 30 s.
    /// </summary>
    public TimeSpan OrphanCheckPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every silo makes sure every shard grain is active (after a silo died, within this). Default 2 s.</summary>
    public TimeSpan KeeperPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most jobs one sweep wakes; the rest wait for the next sweep. Default 20,000.</summary>
    public int MaxWakesPerSweep { get; set; } = 20_000;
}

/// <summary>Checks <see cref="WakeUpOptions"/> at start-up.</summary>
public sealed class WakeUpOptionsValidator : IValidateOptions<WakeUpOptions>
{
    public ValidateOptionsResult Validate(string? name, WakeUpOptions options)
    {
        var failures = new List<string>();
        if (options.SweepPeriod < TimeSpan.FromMilliseconds(50)) failures.Add($"{WakeUpOptions.Section}:SweepPeriod must be at least 50 ms.");
        if (options.Lookahead < TimeSpan.Zero) failures.Add($"{WakeUpOptions.Section}:Lookahead must not be negative.");
        if (options.RewakeAfter < TimeSpan.FromMilliseconds(100)) failures.Add($"{WakeUpOptions.Section}:RewakeAfter must be at least 100 ms.");
        if (options.OrphanCheckPeriod < TimeSpan.FromSeconds(1)) failures.Add($"{WakeUpOptions.Section}:OrphanCheckPeriod must be at least 1 s.");
        if (options.KeeperPeriod < TimeSpan.FromMilliseconds(100)) failures.Add($"{WakeUpOptions.Section}:KeeperPeriod must be at least 100 ms.");
        if (options.MaxWakesPerSweep < 1) failures.Add($"{WakeUpOptions.Section}:MaxWakesPerSweep must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
