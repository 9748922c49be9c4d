using Microsoft.Extensions.Logging;

namespace Orchestrator.Grains.Execution;

public sealed partial class JobExecutor
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Could not start or report attempt {Attempt} of job {JobKey}; its wake-up will recover it")]
    private partial void LogAttemptPlumbingFailed(string jobKey, int attempt, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Reporting attempt {Attempt} of job {JobKey} failed; retrying")]
    private partial void LogReportRetry(string jobKey, int attempt, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Starting attempt {Attempt} of job {JobKey} failed; retrying")]
    private partial void LogStartRetry(string jobKey, int attempt, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Executor stopping; cancelling {Running} running attempts")]
    private partial void LogStopping(int running);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Executor stop timed out with {Running} attempts still running")]
    private partial void LogStopTimedOut(int running);
}
