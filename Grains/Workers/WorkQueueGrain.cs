using Orleans.Concurrency;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Queues;
using Orchestrator.Grains.Interfaces.Workers;

namespace Orchestrator.Grains.Workers;

/// <summary>
/// One tenant's queue of jobs waiting for external workers, ordered by priority (high first), then due time, then id.
/// Held in memory: every waiting job re-offers itself each <see cref="WorkerOptions.OfferPeriod"/>, so a queue
/// lost with its silo refills on its own. Leasing asks each job's grain, the one judge, so an entry offered twice or
/// already taken is simply skipped.
/// <para>[Reentrant]: long polls (<see cref="WaitForWork"/>) wait inside the grain while offers and leases go on. Safe
/// because every change to the set happens between awaits, and a lease never depends on the set staying the same
/// across its job-grain calls (a popped entry belongs to that call alone).</para>
/// </summary>
[Reentrant]
public sealed class WorkQueueGrain : Grain, IWorkQueueGrain
{
    private readonly SortedSet<(int NegativePriority, DateTimeOffset DueAt, Guid JobId)> _waiting = [];
    private readonly Dictionary<Guid, (int, DateTimeOffset, Guid)> _entries = [];
    private readonly List<TaskCompletionSource<bool>> _sleepers = [];

    /// <summary>How often a long poll re-asks a queue that is at its concurrency or rate limit (a slot frees when an attempt ends).</summary>
    private static readonly TimeSpan LimitedRecheck = TimeSpan.FromMilliseconds(500);

    /// <summary>The queue's pause as last read (each lease call reads it); a paused queue leases nothing.</summary>
    private bool _paused;
    /// <summary>Whether the last lease call found work but no permits (concurrency or rate limit reached).</summary>
    private bool _limited;

    private string TenantId => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf('/')];

    public Task Offer(QueuedWork work)
    {
        if (!_entries.ContainsKey(work.JobId))
        {
            var entry = (-work.Priority, work.DueAt, work.JobId);
            _entries[work.JobId] = entry;
            _waiting.Add(entry);
        }
        foreach (var sleeper in _sleepers) sleeper.TrySetResult(true);
        _sleepers.Clear();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<JobLease>> Lease(string workerId, int max, TimeSpan leaseFor)
    {
        var leased = new List<JobLease>();
        // Permits from the queue's grain, as the silos' executors take them: the pause, the concurrency limit (one slot
        // per leased attempt, given back by the job when it ends) and the start rate hold for workers too.
        var wanted = Math.Min(max, _waiting.Count);
        var queue = GrainFactory.GetGrain<IQueueGrain>(this.GetPrimaryKeyString());
        var permit = await queue.AcquireExternal(wanted);
        _paused = permit.Settings.Paused;
        _limited = !_paused && wanted > 0 && permit.Slots == 0;
        var holdsSlot = permit.Settings.ConcurrencyLimit is not null;
        try
        {
            while (leased.Count < permit.Slots && _waiting.Count > 0)
            {
                var next = _waiting.Min;
                _waiting.Remove(next);
                _entries.Remove(next.JobId);
                try
                {
                    var lease = await GrainFactory.GetGrain<IJobGrain>(JobIds.GrainKey(TenantId, next.JobId)).LeaseExternal(workerId, leaseFor, holdsSlot);
                    if (lease is not null) leased.Add(lease);
                }
                catch (Exception) when (leased.Count > 0)
                {
                    // Keep what was leased; the job re-offers itself if it still waits.
                    break;
                }
            }
        }
        finally
        {
            // Permits for entries that no longer waited (already leased, cancelled) or were not reached go back.
            var unused = permit.Slots - leased.Count;
            if (unused > 0) await queue.ReleaseExternal(holdsSlot ? unused : 0, unused);
        }
        return leased;
    }

    public async Task<bool> WaitForWork(TimeSpan wait)
    {
        if (_paused || _limited)
        {
            // Nothing to lease now: let the caller look again (and re-read the pause or the free slots) shortly.
            var recheck = _paused ? TimeSpan.FromSeconds(1) : LimitedRecheck;
            await Task.Delay(wait < recheck ? wait : recheck);
            return false;
        }
        if (_entries.Count > 0) return true;
        if (wait <= TimeSpan.Zero) return false;
        var sleeper = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _sleepers.Add(sleeper);
        var woke = await Task.WhenAny(sleeper.Task, Task.Delay(wait)) == sleeper.Task;
        _sleepers.Remove(sleeper);
        return woke;
    }

    public Task<(int Waiting, DateTimeOffset? OldestDueAt)> Depth() =>
        Task.FromResult((_entries.Count, _entries.Count == 0 ? (DateTimeOffset?)null : _entries.Values.Min(e => e.Item2)));
}
