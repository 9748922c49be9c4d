using System.Text.Json.Serialization;

namespace Orchestrator.Client.Schedules;

/// <summary>Why a schedule fired.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleRunKind>))]
public enum ScheduleRunKind
{
    Scheduled = 0,
    /// <summary>A missed time fired late under the misfire policy.</summary>
    CatchUp = 1,
    /// <summary>An extra fire asked for by <see cref="ISchedules.TriggerAsync"/>.</summary>
    Manual = 2,
}
