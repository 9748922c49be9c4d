using System.Text.Json.Serialization;

namespace Orchestrator.Client.Jobs;

/// <summary>How one attempt ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobAttemptResult>))]
public enum JobAttemptResult
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    TimedOut = 3,
    Cancelled = 4,
    /// <summary>The silo running it stopped or died; the attempt counts.</summary>
    LeaseLost = 5,
}
