using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Grains.Audit;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Silo.Storage;

/// <summary>
/// Cluster-mode audit store: the <c>audit_log</c> table (sql/0009). A batch is one statement (<c>INSERT ... SELECT
/// FROM unnest(...)</c>, one round trip and one commit however many entries it holds) and skips ids already
/// stored, so a retried batch adds nothing. Lists are keyset queries <c>(at, id) &lt; cursor</c> on
/// <c>(tenant_id, at, id)</c> or <c>(at, id)</c>. Uses the job store's data source (no session state either).
/// </summary>
public sealed class PostgresAuditStore(NpgsqlDataSource database) : IAuditStore
{
    private const string Columns = "id, at, tenant_id, actor_kind, actor_id, actor_name, action, target, status, outcome, correlation_id";

    private const string AppendSql = $"""
        INSERT INTO audit_log ({Columns})
        SELECT * FROM unnest(@ids, @ats, @tenants, @actor_kinds, @actor_ids, @actor_names, @actions, @targets, @statuses, @outcomes, @correlation_ids)
        ON CONFLICT (id) DO NOTHING
        """;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return;
        await using var command = database.CreateCommand(AppendSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid[]>("ids", [.. entries.Select(e => e.Id)]));
        // timestamptz takes only UTC offsets from Npgsql.
        p.Add(new NpgsqlParameter<DateTimeOffset[]>("ats", [.. entries.Select(e => e.At.ToUniversalTime())]));
        p.Add(Texts("tenants", entries.Select(e => e.TenantId)));
        p.Add(Texts("actor_kinds", entries.Select(e => e.ActorKind)));
        p.Add(Texts("actor_ids", entries.Select(e => e.ActorId)));
        p.Add(Texts("actor_names", entries.Select(e => e.ActorName)));
        p.Add(Texts("actions", entries.Select(e => e.Action)));
        p.Add(Texts("targets", entries.Select(e => e.Target)));
        p.Add(new NpgsqlParameter<int[]>("statuses", [.. entries.Select(e => e.Status)]));
        p.Add(Texts("outcomes", entries.Select(e => e.Outcome)));
        p.Add(Texts("correlation_ids", entries.Select(e => e.CorrelationId)));
        await PostgresAvailability.Guard(() => command.ExecuteNonQueryAsync(cancellationToken), "audit database");
    }

    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit);
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_log WHERE true");
        await using var command = database.CreateCommand();
        var p = command.Parameters;
        if (query.TenantId is { } tenant) { sql.Append(" AND tenant_id = @tenant"); p.AddWithValue("tenant", tenant); }
        if (query.From is { } from) { sql.Append(" AND at >= @from"); p.AddWithValue("from", from.ToUniversalTime()); }
        if (query.To is { } to) { sql.Append(" AND at < @to"); p.AddWithValue("to", to.ToUniversalTime()); }
        if (query.After is { } after)
        {
            sql.Append(" AND (at, id) < (@after_at, @after_id)");
            p.AddWithValue("after_at", after.At.ToUniversalTime());
            p.AddWithValue("after_id", after.Id);
        }
        sql.Append(" ORDER BY at DESC, id DESC LIMIT @limit");
        p.AddWithValue("limit", limit + 1);
        command.CommandText = sql.ToString();

        var items = new List<AuditEntry>(limit + 1);
        await PostgresAvailability.Guard(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new AuditEntry
                {
                    Id = reader.GetGuid(0),
                    At = reader.GetFieldValue<DateTimeOffset>(1),
                    TenantId = reader.IsDBNull(2) ? null : reader.GetString(2),
                    ActorKind = reader.GetString(3),
                    ActorId = reader.IsDBNull(4) ? null : reader.GetString(4),
                    ActorName = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Action = reader.GetString(6),
                    Target = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Status = reader.GetInt32(8),
                    Outcome = reader.GetString(9),
                    CorrelationId = reader.IsDBNull(10) ? null : reader.GetString(10),
                });
            }
        }, "audit database");
        AuditCursor? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = new AuditCursor(items[^1].At, items[^1].Id);
        }
        return new AuditPage(items, next);
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };
}
