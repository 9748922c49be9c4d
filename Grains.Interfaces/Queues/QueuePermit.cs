namespace Orchestrator.Grains.Interfaces.Queues;

/// <summary>
/// A queue grain's answer to a silo that wants to start more of the queue's attempts: the settings now, how many more
/// may run at once here (its share of <see cref="QueueSettings.ConcurrencyLimit"/>; all it asked for when unlimited)
/// and how many may start now (<see cref="QueueSettings.RatePerSecond"/>; all it asked for when unlimited). A paused
/// queue grants nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("QueuePermit")]
public sealed record QueuePermit([property: Id(0)] QueueSettings Settings, [property: Id(1)] int Slots, [property: Id(2)] int Starts);
