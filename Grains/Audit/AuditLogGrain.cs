using Orleans.Concurrency;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Grains.Audit;

/// <summary>Appends to and reads from the silo's audit store; a stateless worker, so every silo serves it locally.</summary>
[StatelessWorker]
public sealed class AuditLogGrain(IAuditStore store) : Grain, IAuditLogGrain
{
    public Task Append(IReadOnlyList<AuditEntry> entries) => store.AppendAsync(entries);

    public Task<AuditPage> List(AuditQuery query) => store.ListAsync(query);
}
