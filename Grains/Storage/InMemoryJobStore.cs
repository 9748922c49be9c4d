using Orleans.Serialization;
using Orleans.Storage;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.WakeUps;

namespace Orchestrator.Grains.Storage;

/// <summary>
/// Embedded-mode job storage: grain state plus a per-tenant index ordered newest first and the wake-up index (per
/// shard: wake-ups in time order, jobs by owner silo), all updated by the same write, under one lock. Lists scan the index from the cursor and filter, so a very selective filter over
/// many jobs costs a scan; cluster mode answers from indexed SQL instead. Everything is lost when the process exits.
/// </summary>
public sealed class InMemoryJobStore(DeepCopier<JobState> copier) : IGrainStorage, IJobQueryStore, IJobWakeIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GrainId, (JobState State, long ETag)> _states = [];
    private readonly Dictionary<string, SortedSet<JobSummary>> _byTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Queue, JobStatus Status), long> _counts = [];
    private readonly SortedSet<WakeEntry>[] _wakes = [.. Enumerable.Range(0, WakeShards.Count).Select(_ => new SortedSet<WakeEntry>(WakeOrder.Instance))];
    private readonly Dictionary<string, HashSet<string>>[] _owned = [.. Enumerable.Range(0, WakeShards.Count).Select(_ => new Dictionary<string, HashSet<string>>(StringComparer.Ordinal))];
    private long _etag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsJobState(grainState);
        lock (_gate)
        {
            if (_states.TryGetValue(grainId, out var stored))
            {
                state.State = copier.Copy(stored.State);
                state.ETag = stored.ETag.ToString(System.Globalization.CultureInfo.InvariantCulture);
                state.RecordExists = true;
            }
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsJobState(grainState);
        var copy = copier.Copy(state.State) ?? throw new InvalidOperationException("Job state must not be null.");
        var summary = copy.ToSummary();
        lock (_gate)
        {
            var exists = _states.TryGetValue(grainId, out var stored);
            var expected = exists ? stored.ETag.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (state.ETag != expected)
            {
                throw new InconsistentStateException($"Job {grainId} was written by someone else.", expected, state.ETag);
            }
            var etag = ++_etag;
            var key = grainId.Key.ToString()!;
            if (exists)
            {
                _counts[(stored.State.TenantId, stored.State.Queue, stored.State.Status)]--;
                Unindex(key, stored.State);
            }
            Index(key, copy);
            _counts[(copy.TenantId, copy.Queue, copy.Status)] = _counts.GetValueOrDefault((copy.TenantId, copy.Queue, copy.Status)) + 1;
            _states[grainId] = (copy, etag);
            if (!_byTenant.TryGetValue(copy.TenantId, out var index))
            {
                _byTenant[copy.TenantId] = index = new SortedSet<JobSummary>(NewestFirst.Instance);
            }
            index.Remove(summary); // equality is by (createdAt, id), which never change
            index.Add(summary);
            state.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
            state.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsJobState(grainState);
        lock (_gate)
        {
            if (_states.Remove(grainId, out var stored))
            {
                _counts[(stored.State.TenantId, stored.State.Queue, stored.State.Status)]--;
                Unindex(grainId.Key.ToString()!, stored.State);
                if (_byTenant.TryGetValue(stored.State.TenantId, out var index)) index.Remove(stored.State.ToSummary());
            }
            state.ETag = null;
            state.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, JobQuery.MaxLimit);
        var items = new List<JobSummary>(limit + 1);
        lock (_gate)
        {
            if (_byTenant.TryGetValue(query.TenantId, out var index))
            {
                IEnumerable<JobSummary> view = index;
                if (query.After is { } after)
                {
                    var probe = Probe(after.CreatedAt, after.JobId);
                    view = index.Count == 0 || NewestFirst.Instance.Compare(probe, index.Max!) >= 0
                        ? []
                        : index.GetViewBetween(probe, index.Max!).Where(j => NewestFirst.Instance.Compare(j, probe) > 0);
                }
                foreach (var job in view)
                {
                    if (query.From is { } from && job.CreatedAt < from) break;
                    if (query.To is { } to && job.CreatedAt >= to) continue;
                    if (query.Status is { } status && job.Status != status) continue;
                    if (query.Queue is { } queue && job.Queue != queue) continue;
                    if (query.Type is { } type && job.Type != type) continue;
                    if (query.Tag is { } tag && !job.Tags.Contains(tag)) continue;
                    items.Add(job);
                    if (items.Count > limit) break;
                }
            }
        }
        JobCursor? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = new JobCursor(items[^1].CreatedAt, items[^1].Id);
        }
        return Task.FromResult(new JobPage(items, next));
    }

    public Task<Dictionary<JobStatus, long>> CountByStatusAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_counts.Where(c => c.Key.Tenant == tenantId && c.Value > 0)
                .GroupBy(c => c.Key.Status).ToDictionary(g => g.Key, g => g.Sum(c => c.Value)));
        }
    }

    public Task<IReadOnlyList<Interfaces.Queues.QueueStats>> TenantQueuesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var oldest = _byTenant.TryGetValue(tenantId, out var index)
                ? index.Where(j => j.Status == JobStatus.Queued).GroupBy(j => j.Queue).ToDictionary(g => g.Key, g => g.Min(j => j.UpdatedAt))
                : [];
            IReadOnlyList<Interfaces.Queues.QueueStats> stats = _counts.Where(c => c.Key.Tenant == tenantId && c.Value > 0 && QueueDepth.States.Contains(c.Key.Status))
                .GroupBy(c => c.Key.Queue)
                .Select(g => new Interfaces.Queues.QueueStats(g.Key, g.ToDictionary(c => c.Key.Status, c => c.Value), oldest.TryGetValue(g.Key, out var at) ? at : null))
                .ToList();
            return Task.FromResult(stats);
        }
    }

    /// <summary>Folds <paramref name="fold"/> over the tenant's stored job states, under the store's lock (they must not escape it).</summary>
    public T Aggregate<T>(string tenantId, T seed, Func<T, JobState, T> fold)
    {
        lock (_gate)
        {
            var result = seed;
            foreach (var (state, _) in _states.Values)
            {
                if (state.TenantId == tenantId) result = fold(result, state);
            }
            return result;
        }
    }

    /// <summary>Folds <paramref name="fold"/> over every stored job state of every tenant, under the store's lock (they must not escape it).</summary>
    public T AggregateAll<T>(T seed, Func<T, JobState, T> fold)
    {
        lock (_gate)
        {
            var result = seed;
            foreach (var (state, _) in _states.Values) result = fold(result, state);
            return result;
        }
    }

    public Task<IReadOnlyList<QueueDepth>> QueueDepthsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<QueueDepth> depths = _counts.Where(c => c.Value > 0 && QueueDepth.States.Contains(c.Key.Status))
                .GroupBy(c => (c.Key.Queue, c.Key.Status))
                .Select(g => new QueueDepth(g.Key.Queue, g.Key.Status, g.Sum(c => c.Value))).ToArray();
            return Task.FromResult(depths);
        }
    }

    public Task<IReadOnlyList<WakeEntry>> DueAsync(int shard, DateTimeOffset until, WakeEntry? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var wakes = _wakes[shard];
            IEnumerable<WakeEntry> view = wakes;
            if (after is { } position && wakes.Count > 0)
            {
                view = WakeOrder.Instance.Compare(position, wakes.Max) >= 0
                    ? []
                    : wakes.GetViewBetween(position, wakes.Max).Where(e => WakeOrder.Instance.Compare(e, position) > 0);
            }
            IReadOnlyList<WakeEntry> due = view.TakeWhile(e => e.WakeAt <= until).Take(limit).ToList();
            return Task.FromResult(due);
        }
    }

    public Task<IReadOnlyList<string>> OrphansAsync(int shard, IReadOnlyCollection<string> liveOwners, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> orphans = _owned[shard].Where(o => !liveOwners.Contains(o.Key)).SelectMany(o => o.Value).Take(limit).ToList();
            return Task.FromResult(orphans);
        }
    }

    private void Index(string key, JobState state)
    {
        var shard = WakeShards.Of(state.Id);
        if (state.WakeAt is { } wakeAt) _wakes[shard].Add(new WakeEntry(key, wakeAt));
        if (state.Owner is { } owner)
        {
            if (!_owned[shard].TryGetValue(owner, out var keys)) _owned[shard][owner] = keys = new HashSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }
    }

    private void Unindex(string key, JobState state)
    {
        var shard = WakeShards.Of(state.Id);
        if (state.WakeAt is { } wakeAt) _wakes[shard].Remove(new WakeEntry(key, wakeAt));
        if (state.Owner is { } owner && _owned[shard].TryGetValue(owner, out var keys) && keys.Remove(key) && keys.Count == 0) _owned[shard].Remove(owner);
    }

    private static JobSummary Probe(DateTimeOffset createdAt, Guid id) =>
        new() { Id = id, CreatedAt = createdAt, Type = "", Queue = "", CorrelationId = "" };

    private static IGrainState<JobState> AsJobState<T>(IGrainState<T> grainState) =>
        grainState as IGrainState<JobState>
        ?? throw new InvalidOperationException($"The '{JobStorage.Name}' storage holds only {nameof(JobState)}, not {typeof(T).Name}.");

    /// <summary>Creation time descending, then id descending: the order of every job list.</summary>
    private sealed class NewestFirst : IComparer<JobSummary>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(JobSummary? x, JobSummary? y)
        {
            var byTime = y!.CreatedAt.CompareTo(x!.CreatedAt);
            return byTime != 0 ? byTime : y.Id.CompareTo(x.Id);
        }
    }

    /// <summary>Wake-up time, then job key: the order of the wake-up index.</summary>
    private sealed class WakeOrder : IComparer<WakeEntry>
    {
        public static readonly WakeOrder Instance = new();

        public int Compare(WakeEntry x, WakeEntry y)
        {
            var byTime = x.WakeAt.CompareTo(y.WakeAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.JobKey, y.JobKey);
        }
    }
}
