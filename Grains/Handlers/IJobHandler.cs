using System.Text.Json;

namespace Orchestrator.Grains.Handlers;

/// <summary>
/// Runs jobs of one type. Register with <c>services.AddJobHandler&lt;THandler&gt;("name")</c> in the silo.
/// Delivery is at-least-once: use <see cref="JobContext.JobId"/> and <see cref="JobContext.Attempt"/> to be idempotent.
/// Throw <see cref="JobFailedException"/> (optionally non-retryable) to fail an attempt; any other exception is a
/// retryable failure. Honour the cancellation token: it fires on timeout, cancel and silo shutdown.
/// </summary>
public interface IJobHandler
{
    /// <summary>Runs one attempt.</summary>
    Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken);

    /// <summary>Checks a payload at submit time; each message is a field error of <c>payload</c>. None by default.</summary>
    IReadOnlyList<string> ValidatePayload(JsonElement payload) => [];
}
