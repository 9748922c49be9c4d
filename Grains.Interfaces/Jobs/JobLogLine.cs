namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>One line a handler wrote, with when it wrote it.</summary>
[GenerateSerializer, Alias("JobLogLine")]
public sealed record JobLogLine([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Message);
