namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>What a worker says about itself when it registers.</summary>
[GenerateSerializer, Immutable, Alias("WorkerRegistration")]
public sealed record WorkerRegistration
{
    [Id(0)] public required string Name { get; init; }
    /// <summary>The queues it leases from.</summary>
    [Id(1)] public required IReadOnlyList<string> Queues { get; init; }
    /// <summary>How many jobs it runs at once (informational: a lease call's <c>max</c> is what limits it).</summary>
    [Id(2)] public int Concurrency { get; init; } = 1;
    [Id(3)] public string? Version { get; init; }
    [Id(4)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
