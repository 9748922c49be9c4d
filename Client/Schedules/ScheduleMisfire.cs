using System.Text.Json.Serialization;

namespace Orchestrator.Client.Schedules;

/// <summary>What a schedule does with fire times it missed (wire names <c>fire-once</c>, <c>fire-all</c>, <c>skip</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<ScheduleMisfire>))]
public enum ScheduleMisfire
{
    /// <summary>Fire once for all the missed times, then go on (the default).</summary>
    FireOnce = 0,
    /// <summary>Fire every missed time, oldest first, up to the server's bound.</summary>
    FireAll = 1,
    /// <summary>Fire none of them.</summary>
    Skip = 2,
}
