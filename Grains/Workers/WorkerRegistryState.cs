using Orchestrator.Grains.Interfaces.Workers;

namespace Orchestrator.Grains.Workers;

/// <summary>A tenant's registered workers (what they said and whether they drain); when each was last heard from is kept in memory.</summary>
[GenerateSerializer, Alias("WorkerRegistryState")]
public sealed class WorkerRegistryState
{
    [Id(0)] public List<WorkerRecord> Workers { get; set; } = [];
}

[GenerateSerializer, Alias("WorkerRecord")]
public sealed class WorkerRecord
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public WorkerRegistration Registration { get; set; } = null!;
    [Id(2)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(3)] public bool Draining { get; set; }
}
