namespace Orchestrator.Grains.Billing;

[GenerateSerializer, Alias("UsageFlushState")]
public sealed class UsageFlushState
{
    /// <summary>When the last flush looked at the job rows; the next looks at what changed since (less a margin).</summary>
    [Id(0)] public DateTimeOffset? FlushedAt { get; set; }

    /// <summary>
    /// Tenants that had attempts running at the last flush, with the UTC day the earliest of them started: those days
    /// are recounted at the next flush, since an attempt's end (result, duration, dead letter) changes its start day.
    /// </summary>
    [Id(1)] public Dictionary<string, DateOnly> Running { get; set; } = new(StringComparer.Ordinal);
}
