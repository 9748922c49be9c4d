using System.Collections;

namespace Orchestrator.Grains.Execution;

/// <summary>
/// The logging scope of a running attempt: every line a handler logs through <c>ILogger</c> carries the tenant, job
/// id, attempt, correlation id and silo (as JSON properties in cluster mode, as a prefix on the console).
/// </summary>
public sealed class AttemptLogScope(string tenantId, Guid jobId, int attempt, string correlationId, string silo)
    : IReadOnlyList<KeyValuePair<string, object>>
{
    private readonly KeyValuePair<string, object>[] _values =
    [
        new("TenantId", tenantId), new("JobId", jobId), new("Attempt", attempt),
        new("CorrelationId", correlationId), new("Silo", silo),
    ];

    public KeyValuePair<string, object> this[int index] => _values[index];
    public int Count => _values.Length;
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)_values).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"job {tenantId}/{jobId} attempt {attempt} correlation {correlationId} silo {silo}";
}
