using System.Collections.Concurrent;

namespace Orchestrator.Client.Api.Events;

/// <summary>
/// Open <c>/v1/events</c> streams per tenant in this gateway, bounded by <c>Orchestrator:Events:MaxStreamsPerTenant</c>
/// (default 100): each stream holds a connection, an observer and a buffer, so one tenant must not be able to take them all.
/// </summary>
public sealed class EventStreams(IConfiguration configuration)
{
    public const int DefaultMaxPerTenant = 100;

    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly int _max = configuration.GetValue("Orchestrator:Events:MaxStreamsPerTenant", DefaultMaxPerTenant);

    /// <summary>Takes a stream for the tenant; false when it has its maximum open.</summary>
    public bool TryOpen(string tenantId)
    {
        while (true)
        {
            if (!_open.TryGetValue(tenantId, out var open))
            {
                if (_max > 0 && _open.TryAdd(tenantId, 1)) return true;
                if (_max <= 0) return false;
                continue; // another stream added the entry first
            }
            if (open >= _max) return false;
            if (_open.TryUpdate(tenantId, open + 1, open)) return true;
        }
    }

    public void Close(string tenantId) => _open.AddOrUpdate(tenantId, 0, (_, open) => Math.Max(0, open - 1));
}
