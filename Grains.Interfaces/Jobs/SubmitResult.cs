namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>The job after a submit; <paramref name="Created"/> is false when an idempotent replay returned an existing job.</summary>
[GenerateSerializer, Alias("SubmitResult")]
public sealed record SubmitResult([property: Id(0)] JobView Job, [property: Id(1)] bool Created)
{
    /// <summary>The tenant's quota warning (near or over a job limit), sent as <c>X-Quota-Warning</c>; null when none.</summary>
    [Id(2)] public string? QuotaWarning { get; init; }
}
