using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Jobs;

/// <summary>A job as the API returns it: <see cref="JobView"/> with payload and result as JSON.</summary>
public sealed record JobResponse
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public int Priority { get; init; }
    public required JobStatus Status { get; init; }
    public string? StatusReason { get; init; }
    public JsonElement Payload { get; init; }
    public DateTimeOffset RunAt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    public required BackoffPolicy Backoff { get; init; }
    public TimeSpan Timeout { get; init; }
    public required string CorrelationId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public JsonElement? Result { get; init; }
    public string? LastError { get; init; }
    public IReadOnlyList<JobAttempt> Attempts { get; init; } = [];
    public string? IdempotencyKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; init; }

    public static JobResponse From(JobView job) => new()
    {
        Id = job.Id,
        TenantId = job.TenantId,
        Type = job.Type,
        Queue = job.Queue,
        Priority = job.Priority,
        Status = job.Status,
        StatusReason = job.StatusReason,
        Payload = ParseJson(job.Payload),
        RunAt = job.RunAt,
        NextAttemptAt = job.NextAttemptAt,
        Attempt = job.Attempt,
        MaxAttempts = job.MaxAttempts,
        Backoff = job.Backoff,
        Timeout = job.Timeout,
        CorrelationId = job.CorrelationId,
        Tags = job.Tags,
        Result = job.Result is null ? null : ParseJson(job.Result),
        LastError = job.LastError,
        Attempts = job.Attempts,
        IdempotencyKey = job.IdempotencyKey,
        CreatedAt = job.CreatedAt,
        UpdatedAt = job.UpdatedAt,
        Version = job.Version,
    };

    private static JsonElement ParseJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

/// <summary>One page of a job list; pass <see cref="NextCursor"/> as <c>cursor</c> for the next page.</summary>
public sealed record JobListResponse(IReadOnlyList<JobSummary> Items, string? NextCursor);

/// <summary>The jobs a batch created, in request order.</summary>
public sealed record BatchResponse(IReadOnlyList<JobResponse> Jobs);
