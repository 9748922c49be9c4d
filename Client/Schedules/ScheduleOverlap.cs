using System.Text.Json.Serialization;

namespace Orchestrator.Client.Schedules;

/// <summary>What a schedule does when a fire comes while its previous run is not done (wire names <c>allow</c>, <c>skip</c>, <c>queue-one</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<ScheduleOverlap>))]
public enum ScheduleOverlap
{
    /// <summary>Fire anyway (the default).</summary>
    Allow = 0,
    /// <summary>Do not fire; record the fire as skipped.</summary>
    Skip = 1,
    /// <summary>Keep one fire waiting until the previous run ends.</summary>
    QueueOne = 2,
}
