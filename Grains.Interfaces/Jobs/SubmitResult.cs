namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>The job after a submit; <paramref name="Created"/> is false when an idempotent replay returned an existing job.</summary>
[GenerateSerializer, Alias("SubmitResult")]
public sealed record SubmitResult([property: Id(0)] JobView Job, [property: Id(1)] bool Created);
