using Orchestrator.Grains.Interfaces.Queues;

namespace Orchestrator.Grains.Queues;

/// <summary>A queue's settings, durable in tenancy storage.</summary>
[GenerateSerializer, Alias("QueueState")]
public sealed class QueueState
{
    [Id(0)] public QueueSettings Settings { get; set; } = QueueSettings.None;
}

/// <summary>A tenant's queues with settings.</summary>
[GenerateSerializer, Alias("TenantQueuesState")]
public sealed class TenantQueuesState
{
    [Id(0)] public List<string> Queues { get; set; } = [];
}
