using System.Text.Json;
using Orchestrator.Grains.Interfaces.Workers;

namespace Orchestrator.Client.Api.Workers;

/// <summary>A lease call's answer: the leased jobs (possibly none) and whether the worker is asked to drain.</summary>
public sealed record LeaseResponse(IReadOnlyList<LeasedJobResponse> Jobs, bool Draining);

/// <summary>One leased job: run it, heartbeat before <see cref="LeaseExpiresAt"/>, then complete or fail it with <see cref="LeaseToken"/>.</summary>
public sealed record LeasedJobResponse(Guid Id, string Type, string Queue, int Priority, JsonElement Payload, int Attempt, int MaxAttempts,
    string LeaseToken, DateTimeOffset LeaseExpiresAt, string CorrelationId)
{
    public static LeasedJobResponse From(JobLease l)
    {
        using var payload = JsonDocument.Parse(l.Payload);
        return new(l.JobId, l.Type, l.Queue, l.Priority, payload.RootElement.Clone(), l.Attempt, l.MaxAttempts, l.LeaseToken, l.LeaseExpiresAt, l.CorrelationId);
    }
}
