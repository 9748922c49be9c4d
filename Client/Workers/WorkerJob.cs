namespace Orchestrator.Client.Workers;

/// <summary>A leased job as a handler sees it: its payload, attempt and a way to report progress and log lines (sent with the next heartbeat).</summary>
public sealed class WorkerJob<TPayload>(Guid id, string type, int attempt, int maxAttempts, string correlationId, TPayload payload, WorkerJobJournal journal)
{
    public Guid Id { get; } = id;
    public string Type { get; } = type;
    public int Attempt { get; } = attempt;
    public int MaxAttempts { get; } = maxAttempts;
    public string CorrelationId { get; } = correlationId;
    public TPayload Payload { get; } = payload;

    /// <summary>Progress, 0–100, sent with the next heartbeat.</summary>
    public void ReportProgress(int percent) => journal.SetProgress(percent);

    /// <summary>A log line stored with the attempt (sent with the next heartbeat).</summary>
    public void Log(string line) => journal.Add(line);
}
