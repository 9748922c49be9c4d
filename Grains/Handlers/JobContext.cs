using System.Text.Json;

namespace Orchestrator.Grains.Handlers;

/// <summary>What a handler knows about the attempt it runs.</summary>
public sealed record JobContext
{
    public required string TenantId { get; init; }
    public required Guid JobId { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    /// <summary>The attempt number over the job's whole history, from 1.</summary>
    public required int Attempt { get; init; }
    public required JsonElement Payload { get; init; }
    public required string CorrelationId { get; init; }
    /// <summary>The attempt's timeout; the cancellation token fires when it passes.</summary>
    public required TimeSpan Timeout { get; init; }
    /// <summary>Where <see cref="Log"/> and <see cref="ReportProgress"/> write; the executor provides one per attempt.</summary>
    public AttemptJournal Journal { get; init; } = new();

    /// <summary>
    /// Writes a line to the attempt's log, readable at <c>GET /v1/jobs/{id}/logs</c> while the attempt runs and
    /// after; bounded (see <see cref="Interfaces.Jobs.AttemptLog"/>).
    /// </summary>
    public void Log(string message) => Journal.Write(message);

    /// <summary>Reports progress, 0–100 (clamped); the last report is kept with the attempt.</summary>
    public void ReportProgress(int percent) => Journal.SetProgress(percent);
}
