using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Notifications;

/// <summary>One delivery of a rule: its job (at <c>/v1/jobs/{jobId}</c>), channel, event, status, attempts and last error.</summary>
public sealed record NotificationDeliveryResponse(Guid JobId, string Channel, string? Event, JobStatus Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

