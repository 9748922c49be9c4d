using Npgsql;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Silo.Storage;

/// <summary>Cluster mode: the <c>subscriptions</c> table (sql/0010), replaced per tenant in one statement.</summary>
public sealed class PostgresSubscriptionStore(NpgsqlDataSource database) : ISubscriptionStore
{
    public Task SaveAsync(string tenantId, IReadOnlyList<Subscription> history, CancellationToken cancellationToken = default) =>
        PostgresAvailability.Guard(async () =>
        {
            await using var command = database.CreateCommand("""
                WITH d AS (DELETE FROM subscriptions WHERE tenant_id = $1 AND starts_at <> ALL($2))
                INSERT INTO subscriptions (tenant_id, starts_at, ends_at, plan, changed_by)
                SELECT $1, x.* FROM unnest($2, $3, $4, $5) AS x
                ON CONFLICT (tenant_id, starts_at) DO UPDATE SET ends_at = excluded.ends_at, plan = excluded.plan, changed_by = excluded.changed_by
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. history.Select(s => s.StartsAt)] });
            command.Parameters.Add(new NpgsqlParameter { Value = history.Select(s => s.EndsAt is { } e ? (object)e : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. history.Select(s => s.Plan)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. history.Select(s => s.ChangedBy)] });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, "subscription database");
}
