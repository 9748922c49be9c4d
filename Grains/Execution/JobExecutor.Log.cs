using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Execution;

public sealed partial class JobExecutor
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Job {TenantId}/{JobId}: could not start or report attempt {Attempt}; its wake-up will recover it, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogAttemptPlumbingFailed(string tenantId, Guid jobId, int attempt, string correlationId, string silo, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Job {TenantId}/{JobId}: reporting attempt {Attempt} failed; retrying, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogReportRetry(string tenantId, Guid jobId, int attempt, string correlationId, string silo, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Job {TenantId}/{JobId}: starting attempt {Attempt} failed; retrying, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogStartRetry(string tenantId, Guid jobId, int attempt, string correlationId, string silo, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Executor stopping; cancelling {Running} running attempts")]
    private partial void LogStopping(int running);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Executor stop timed out with {Running} attempts still running")]
    private partial void LogStopTimedOut(int running);

    // An attempt's lines name what every job-related line names: tenant, job id, attempt, correlation id, silo.
    private void LogAttemptPlumbingFailed(JobWorkItem item, Exception exception) =>
        LogAttemptPlumbingFailed(item.TenantId, JobIds.ParseGrainKey(item.JobKey).JobId, item.Attempt, item.CorrelationId, SiloName, exception);

    private void LogStartRetry(JobWorkItem item, Exception exception) =>
        LogStartRetry(item.TenantId, JobIds.ParseGrainKey(item.JobKey).JobId, item.Attempt, item.CorrelationId, SiloName, exception);

    private void LogReportRetry(JobWorkItem item, Exception exception) =>
        LogReportRetry(item.TenantId, JobIds.ParseGrainKey(item.JobKey).JobId, item.Attempt, item.CorrelationId, SiloName, exception);
}
