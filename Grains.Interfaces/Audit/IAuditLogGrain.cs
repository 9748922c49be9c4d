namespace Orchestrator.Grains.Interfaces.Audit;

/// <summary>
/// The audit log: appends batches of entries to the silo's audit store and reads them back. A stateless worker,
/// so any silo answers locally; address it with key 0 (<c>GetGrain&lt;IAuditLogGrain&gt;(0)</c>). It does no
/// authorization: callers decide which tenant a reader may see.
/// </summary>
[Alias("audit-log")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Stores the entries; completes once they are durable. Idempotent by <see cref="AuditEntry.Id"/>, so a batch
    /// may be retried after a failure or a lost reply without duplicates. The gateway sends up to 500 at a time.
    /// </summary>
    [Alias("append")]
    Task Append(IReadOnlyList<AuditEntry> entries);

    /// <summary>One page of entries matching the query, newest first.</summary>
    [Alias("list")]
    Task<AuditPage> List(AuditQuery query);
}
