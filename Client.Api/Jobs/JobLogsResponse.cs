using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Jobs;

/// <summary>
/// <c>GET /v1/jobs/{id}/logs</c>: what the handler wrote in each attempt — log lines, last progress and the output
/// tail — live for the running attempt. Bounded per attempt as <see cref="Limits"/> says (the oldest lines go first).
/// </summary>
public sealed record JobLogsResponse(Guid JobId, JobStatus Status, string CorrelationId, IReadOnlyList<AttemptLogResponse> Attempts, LogLimits Limits)
{
    public static JobLogsResponse From(JobView job, int? attempt) => new(
        job.Id, job.Status, job.CorrelationId,
        job.Attempts.Where(a => attempt is null || a.Number == attempt).Select(AttemptLogResponse.From).ToArray(),
        LogLimits.Current);
}

/// <summary>One attempt's log.</summary>
public sealed record AttemptLogResponse(
    int Attempt, AttemptResult Result, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Silo,
    int? Progress, IReadOnlyList<JobLogLine> Lines, int DroppedLines, string? Output)
{
    public static AttemptLogResponse From(JobAttempt a) => new(
        a.Number, a.Result, a.StartedAt, a.EndedAt, a.Silo,
        a.Log?.Progress, a.Log?.Lines ?? [], a.Log?.DroppedLines ?? 0, a.Output);
}

/// <summary>The bounds a stored attempt log keeps to.</summary>
public sealed record LogLimits(int MaxLinesPerAttempt, int MaxLineChars, int MaxCharsPerAttempt)
{
    public static LogLimits Current { get; } = new(JobLimits.MaxLogLinesPerAttempt, JobLimits.MaxLogLineChars, JobLimits.MaxLogCharsPerAttempt);
}
