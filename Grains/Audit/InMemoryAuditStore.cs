using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Grains.Audit;

/// <summary>
/// Embedded-mode audit store: the newest <see cref="Capacity"/> entries (default <see cref="DefaultCapacity"/>,
/// 100,000), in one newest-first index plus one per tenant, under one lock. When full, each append evicts the
/// oldest entries, so memory stays bounded however long the process runs; everything is lost when it exits.
/// Cluster mode keeps every entry in PostgreSQL instead.
/// </summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    public const int DefaultCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly SortedSet<AuditEntry> _all = new(NewestFirst.Instance);
    private readonly Dictionary<string, SortedSet<AuditEntry>> _byTenant = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _ids = [];

    public InMemoryAuditStore(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Most entries kept; the oldest go first.</summary>
    public int Capacity { get; }

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (!_ids.Add(entry.Id)) continue;
                _all.Add(entry);
                if (entry.TenantId is { } tenant)
                {
                    if (!_byTenant.TryGetValue(tenant, out var index)) _byTenant[tenant] = index = new SortedSet<AuditEntry>(NewestFirst.Instance);
                    index.Add(entry);
                }
            }
            while (_all.Count > Capacity) Evict(_all.Max!);
        }
        return Task.CompletedTask;
    }

    public Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit);
        var items = new List<AuditEntry>(limit + 1);
        lock (_gate)
        {
            var index = query.TenantId is null ? _all : _byTenant.GetValueOrDefault(query.TenantId);
            if (index is { Count: > 0 })
            {
                IEnumerable<AuditEntry> view = index;
                if (query.After is { } after)
                {
                    var probe = Probe(after.At, after.Id);
                    view = NewestFirst.Instance.Compare(probe, index.Max!) >= 0
                        ? []
                        : index.GetViewBetween(probe, index.Max!).Where(e => NewestFirst.Instance.Compare(e, probe) > 0);
                }
                foreach (var entry in view)
                {
                    if (query.From is { } from && entry.At < from) break;
                    if (query.To is { } to && entry.At >= to) continue;
                    items.Add(entry);
                    if (items.Count > limit) break;
                }
            }
        }
        AuditCursor? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = new AuditCursor(items[^1].At, items[^1].Id);
        }
        return Task.FromResult(new AuditPage(items, next));
    }

    private void Evict(AuditEntry oldest)
    {
        _all.Remove(oldest);
        _ids.Remove(oldest.Id);
        if (oldest.TenantId is { } tenant && _byTenant.TryGetValue(tenant, out var index) && index.Remove(oldest) && index.Count == 0)
        {
            _byTenant.Remove(tenant);
        }
    }

    private static AuditEntry Probe(DateTimeOffset at, Guid id) =>
        new() { Id = id, At = at, ActorKind = "", Action = "", Outcome = "" };

    /// <summary>Time descending, then id descending: the order of every audit list (ids are unique, so no two entries tie).</summary>
    private sealed class NewestFirst : IComparer<AuditEntry>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(AuditEntry? x, AuditEntry? y)
        {
            var byTime = y!.At.UtcTicks.CompareTo(x!.At.UtcTicks);
            return byTime != 0 ? byTime : y.Id.CompareTo(x.Id);
        }
    }
}
