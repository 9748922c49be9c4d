namespace Orchestrator.Client.Api.Audit;

public sealed partial class AuditWriter
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Audit buffer is full ({Capacity} records) or the writer has stopped: dropping audit records until it drains")]
    private partial void LogDropping(int capacity);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Dropped {Dropped} audit records while the buffer was full")]
    private partial void LogDropped(long dropped);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Could not send {Count} audit records to the cluster; retrying until it accepts them")]
    private partial void LogSendFailed(int count, Exception exception);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Sent {Count} audit records after {Failures} failed attempts")]
    private partial void LogRecovered(int count, int failures);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Error, Message = "Shutdown timed out with {Lost} audit records not sent; they are lost")]
    private partial void LogLostAtShutdown(long lost);
}
