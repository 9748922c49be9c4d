namespace Orchestrator.Grains.Interfaces.Schedules;

/// <summary>What a schedule does with fire times it missed (its silo was down, the cluster was stopped).</summary>
public enum MisfirePolicy
{
    /// <summary>Fire once for all the missed times (the latest), then go on as scheduled. The default.</summary>
    FireOnce = 0,

    /// <summary>Fire every missed time, oldest first, up to a bound (<c>Orchestrator:Schedules:MaxCatchUp</c>).</summary>
    FireAll = 1,

    /// <summary>Fire none of them; go on with the next time in the future.</summary>
    Skip = 2,
}

/// <summary>What a schedule does when a fire time comes while the job of its previous fire is still running or waiting.</summary>
public enum OverlapPolicy
{
    /// <summary>Fire anyway: runs may overlap. The default.</summary>
    Allow = 0,

    /// <summary>Do not fire; record the fire as skipped.</summary>
    Skip = 1,

    /// <summary>Keep one fire waiting and fire it when the previous run ends; further fires meanwhile are skipped.</summary>
    QueueOne = 2,
}

/// <summary>Whether a schedule fires.</summary>
public enum ScheduleStatus
{
    Active = 0,
    Paused = 1,

    /// <summary>Past its end date, or its expression has no further time.</summary>
    Ended = 2,
}

/// <summary>Why a run was fired.</summary>
public enum ScheduleRunKind
{
    Scheduled = 0,

    /// <summary>A missed time fired late under the misfire policy.</summary>
    CatchUp = 1,

    /// <summary>An extra fire asked for by <c>POST .../trigger</c>.</summary>
    Manual = 2,
}
