using Microsoft.Extensions.Logging;
using Orchestrator.Client.Jobs;

namespace Orchestrator.Worker.Sample;

public sealed partial class SubmitAndWait
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Submitted job {JobId} ({Type}): {Status}")]
    private partial void LogSubmitted(Guid jobId, string type, JobStatus status);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Job {JobId} finished {Status} after {Attempts} attempt(s); result {Result}, last error {LastError}")]
    private partial void LogFinished(Guid jobId, JobStatus status, int attempts, string result, string? lastError);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The sample job could not be run")]
    private partial void LogFailed(Exception exception);
}
