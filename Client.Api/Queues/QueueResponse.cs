using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Queues;

namespace Orchestrator.Client.Api.Queues;

/// <summary>A queue as <c>GET /v1/queues</c> shows it: settings, jobs per status, the oldest waiting job's age, and the workers leasing from it.</summary>
public sealed record QueueResponse(string Name, QueueSettings Settings, IReadOnlyDictionary<JobStatus, long> Counts, long Waiting, long Running,
    double? OldestWaitingSeconds, IReadOnlyList<string> Workers);
