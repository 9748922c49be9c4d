namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>
/// What a handler wrote during one attempt: log lines and its last progress report, bounded by
/// <see cref="JobLimits.MaxLogLinesPerAttempt"/>, <see cref="JobLimits.MaxLogLineChars"/> and
/// <see cref="JobLimits.MaxLogCharsPerAttempt"/>. When a bound is hit the oldest lines go first (the end of a run
/// explains how it ended) and <see cref="DroppedLines"/> counts them.
/// </summary>
[GenerateSerializer, Alias("AttemptLog")]
public sealed record AttemptLog
{
    [Id(0)] public IReadOnlyList<JobLogLine> Lines { get; init; } = [];
    /// <summary>The last progress the handler reported, 0–100; null when it reported none.</summary>
    [Id(1)] public int? Progress { get; init; }
    /// <summary>Lines written but no longer kept (over a bound).</summary>
    [Id(2)] public int DroppedLines { get; init; }

    public static AttemptLog Empty { get; } = new();
}
