namespace Orchestrator.Client.Jobs;

/// <summary>Which jobs a list holds. Every filter is optional; cursors are the same on both transports.</summary>
public sealed record JobFilter
{
    /// <summary>The most a page holds.</summary>
    public const int MaxLimit = 500;

    public JobStatus? Status { get; init; }
    public string? Queue { get; init; }
    public string? Type { get; init; }
    /// <summary>Created at or after.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Created before.</summary>
    public DateTimeOffset? To { get; init; }
    /// <summary>1..<see cref="MaxLimit"/>; the server's default (50) when null.</summary>
    public int? Limit { get; init; }
    /// <summary>A <see cref="JobPage.NextCursor"/>.</summary>
    public string? Cursor { get; init; }
}
