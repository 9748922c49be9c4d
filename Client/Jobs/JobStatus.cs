using System.Text.Json.Serialization;

namespace Orchestrator.Client.Jobs;

/// <summary>Where a job is in its life cycle (the same names and meaning as the API's <c>status</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Waiting for its run time.</summary>
    Scheduled = 0,
    /// <summary>Due and waiting for an executor slot.</summary>
    Queued = 1,
    /// <summary>An attempt is executing.</summary>
    Running = 2,
    /// <summary>Done: an attempt succeeded.</summary>
    Succeeded = 3,
    /// <summary>An attempt failed; the next one waits for its backoff.</summary>
    Retrying = 4,
    /// <summary>Done until retried by hand: attempts exhausted or a non-retryable error.</summary>
    DeadLettered = 5,
    /// <summary>Done until retried by hand: cancelled.</summary>
    Cancelled = 6,
}
