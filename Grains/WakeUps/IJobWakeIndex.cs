namespace Orchestrator.Grains.WakeUps;

/// <summary>A job's durable wake-up as the index holds it.</summary>
/// <param name="JobKey">The job grain's key, <c>{tenant}/{jobId}</c>.</param>
/// <param name="WakeAt">When the job must be looked at.</param>
public readonly record struct WakeEntry(string JobKey, DateTimeOffset WakeAt);

/// <summary>
/// The durable index of wake-ups, kept by the job storage in the same write as the job's state (so it costs no write
/// of its own): every job that waits for a time has a wake-up instant, every job that waits in or runs on a silo's
/// executor names that silo as its owner. The wake shards read it; only the job grain decides what a wake-up means.
/// </summary>
public interface IJobWakeIndex
{
    /// <summary>
    /// Wake-ups of the shard due at or before <paramref name="until"/>, earliest first, after the keyset position
    /// <paramref name="after"/> (exclusive; null for the first page).
    /// </summary>
    Task<IReadOnlyList<WakeEntry>> DueAsync(int shard, DateTimeOffset until, WakeEntry? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Keys of the shard's jobs owned by a silo not in <paramref name="liveOwners"/>.</summary>
    Task<IReadOnlyList<string>> OrphansAsync(int shard, IReadOnlyCollection<string> liveOwners, int limit, CancellationToken cancellationToken = default);
}
