namespace Orchestrator.Grains.Schedules;

/// <summary>The grain storage of schedules: in memory in embedded mode, PostgreSQL (ADO.NET) in cluster mode.</summary>
public static class ScheduleStorage
{
    public const string Name = "schedules";
}
