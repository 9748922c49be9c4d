namespace Orchestrator.Client.Jobs;

/// <summary>One page of jobs, newest first; pass <see cref="NextCursor"/> as <see cref="JobFilter.Cursor"/> for the next (null on the last page).</summary>
public sealed record JobPage(IReadOnlyList<JobListItem> Items, string? NextCursor);
