namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A worker's state as listed: active, draining (asked to take no more work), or lost (silent past <c>LostAfter</c>).</summary>
[GenerateSerializer, Alias("WorkerState")]
public enum WorkerState
{
    Active = 0,
    Draining = 1,
    Lost = 2,
}
