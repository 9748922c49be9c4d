using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

public sealed partial class JobGrain
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Job {TenantId}/{JobId} submitted: type {Type}, queue {Queue}, status {Status}, attempt {Attempt}, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogSubmitted(string tenantId, Guid jobId, string type, string queue, JobStatus status, int attempt, string correlationId, string silo);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Job {TenantId}/{JobId} attempt {Attempt} started on {Silo}, correlation {CorrelationId}")]
    private partial void LogAttemptStarted(string tenantId, Guid jobId, int attempt, string silo, string correlationId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Job {TenantId}/{JobId} attempt {Attempt} failed: {Error}; will retry, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogAttemptFailed(string tenantId, Guid jobId, int attempt, string? error, string correlationId, string silo);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Job {TenantId}/{JobId} attempt {Attempt} ended: {Status} {Error}, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogAttemptEnded(string tenantId, Guid jobId, int attempt, JobStatus status, string? error, string correlationId, string silo);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Job {TenantId}/{JobId} cancelled at attempt {Attempt}, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogCancelled(string tenantId, Guid jobId, int attempt, string correlationId, string silo);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Job {TenantId}/{JobId} attempt {Attempt} lost its lease; re-queued, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogLeaseLost(string tenantId, Guid jobId, int attempt, string correlationId, string silo);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Job {TenantId}/{JobId} attempt {Attempt} could not be offered to work queue {Queue}; offering again next period, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogOfferFailed(Exception error, string tenantId, Guid jobId, int attempt, string queue, string correlationId, string silo);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Job {TenantId}/{JobId} attempt {Attempt}: its notifications could not be submitted now and stay pending, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogNotificationDeferred(Exception error, string tenantId, Guid jobId, int attempt, string correlationId, string silo);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Job {TenantId}/{JobId} refused before attempt {Attempt}: silo {Silo} is saturated (Orchestrator:Executor:MaxQueued attempts wait), correlation {CorrelationId}")]
    private partial void LogSaturated(string tenantId, Guid jobId, int attempt, string silo, string correlationId);
}
