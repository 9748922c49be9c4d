using System.Text.Json.Serialization;

namespace Orchestrator.Client.Schedules;

/// <summary>Whether a schedule fires.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleStatus>))]
public enum ScheduleStatus
{
    Active = 0,
    Paused = 1,
    /// <summary>Past its end, or its expression has no further time.</summary>
    Ended = 2,
}
