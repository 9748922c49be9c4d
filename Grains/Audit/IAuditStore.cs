using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Grains.Audit;

/// <summary>
/// Where audit entries are kept: in memory in embedded mode, the <c>audit_log</c> table in cluster mode. Append-only;
/// lists are newest first with a keyset cursor on (<see cref="AuditEntry.At"/>, <see cref="AuditEntry.Id"/>).
/// </summary>
public interface IAuditStore
{
    /// <summary>Stores a batch; an entry whose <see cref="AuditEntry.Id"/> is already stored is skipped (retries are safe).</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>One page of entries matching the query, newest first; the limit is clamped to 1..<see cref="AuditQuery.MaxLimit"/>.</summary>
    Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
