using Npgsql;
using NpgsqlTypes;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Silo.Storage;

/// <summary>
/// Cluster mode: <c>invoices</c> and <c>invoice_lines</c> (sql/0011). A save is one statement: the invoice row
/// upserted (a known revision changes only its status columns) and its lines inserted with it (a known line is left
/// as it is), so the figures of an issued revision are written once. A tenant's list is one round trip of two
/// queries on the primary keys.
/// </summary>
public sealed class PostgresInvoiceStore(NpgsqlDataSource database) : IInvoiceStore
{
    private const string SaveSql = """
        WITH i AS (
            INSERT INTO invoices (tenant_id, month, revision, id, status, currency, plan, jobs_run, included_jobs, retries,
                                  subtotal_minor, total_minor, issued_at, paid_at, voided_at, void_reason)
            VALUES (@tenant, @month, @revision, @id, @status, @currency, @plan, @jobs_run, @included_jobs, @retries,
                    @subtotal, @total, @issued_at, @paid_at, @voided_at, @void_reason)
            ON CONFLICT (tenant_id, month, revision) DO UPDATE
                SET status = excluded.status, paid_at = excluded.paid_at, voided_at = excluded.voided_at, void_reason = excluded.void_reason)
        INSERT INTO invoice_lines (tenant_id, month, revision, line_no, kind, description, plan, from_day, to_day, quantity, unit_price_minor, rate, amount_minor)
        SELECT @tenant, @month, @revision, x.*
        FROM unnest(@line_nos, @kinds, @descriptions, @plans, @froms, @tos, @quantities, @unit_prices, @rates, @amounts) AS x
        ON CONFLICT (tenant_id, month, revision, line_no) DO NOTHING
        """;

    private const string InvoiceColumns =
        "month, revision, id, status, currency, plan, jobs_run, included_jobs, retries, subtotal_minor, total_minor, issued_at, paid_at, voided_at, void_reason";

    private const string LineColumns =
        "month, revision, kind, description, plan, from_day, to_day, quantity, unit_price_minor, rate, amount_minor";

    public Task SaveAsync(Invoice invoice, CancellationToken cancellationToken = default)
    {
        if (invoice.Status == InvoiceStatus.Draft || invoice.IssuedAt is not { } issuedAt)
        {
            throw new ArgumentException("Only issued invoices are stored.", nameof(invoice));
        }
        return PostgresAvailability.Guard(async () =>
        {
            await using var command = database.CreateCommand(SaveSql);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<string>("tenant", invoice.TenantId));
            p.Add(new NpgsqlParameter<DateOnly>("month", invoice.Month));
            p.Add(new NpgsqlParameter<int>("revision", invoice.Revision));
            p.Add(new NpgsqlParameter<string>("id", invoice.Id));
            p.Add(new NpgsqlParameter<string>("status", invoice.Status.ToString()));
            p.Add(new NpgsqlParameter<string>("currency", invoice.Currency));
            p.Add(new NpgsqlParameter<string>("plan", invoice.Plan));
            p.Add(new NpgsqlParameter<long>("jobs_run", invoice.JobsRun));
            p.Add(Nullable("included_jobs", NpgsqlDbType.Bigint, invoice.IncludedJobs));
            p.Add(new NpgsqlParameter<long>("retries", invoice.Retries));
            p.Add(new NpgsqlParameter<long>("subtotal", invoice.SubtotalMinor));
            p.Add(new NpgsqlParameter<long>("total", invoice.TotalMinor));
            // timestamptz takes only UTC offsets from Npgsql.
            p.Add(new NpgsqlParameter<DateTimeOffset>("issued_at", issuedAt.ToUniversalTime()));
            p.Add(Nullable("paid_at", NpgsqlDbType.TimestampTz, invoice.PaidAt?.ToUniversalTime()));
            p.Add(Nullable("voided_at", NpgsqlDbType.TimestampTz, invoice.VoidedAt?.ToUniversalTime()));
            p.Add(Nullable("void_reason", NpgsqlDbType.Text, invoice.VoidReason));
            var lines = invoice.Lines;
            p.Add(new NpgsqlParameter<int[]>("line_nos", [.. Enumerable.Range(1, lines.Count)]));
            p.Add(new NpgsqlParameter<string[]>("kinds", [.. lines.Select(l => l.Kind.ToString())]));
            p.Add(new NpgsqlParameter<string[]>("descriptions", [.. lines.Select(l => l.Description)]));
            p.Add(new NpgsqlParameter<string[]>("plans", [.. lines.Select(l => l.Plan)]));
            p.Add(new NpgsqlParameter<DateOnly[]>("froms", [.. lines.Select(l => l.From)]));
            p.Add(new NpgsqlParameter<DateOnly[]>("tos", [.. lines.Select(l => l.To)]));
            p.Add(new NpgsqlParameter<long[]>("quantities", [.. lines.Select(l => l.Quantity)]));
            p.Add(new NpgsqlParameter<long[]>("unit_prices", [.. lines.Select(l => l.UnitPriceMinor)]));
            p.Add(new NpgsqlParameter<string[]>("rates", [.. lines.Select(l => l.Rate)]));
            p.Add(new NpgsqlParameter<long[]>("amounts", [.. lines.Select(l => l.AmountMinor)]));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, "invoice database");
    }

    public async Task<IReadOnlyList<Invoice>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var invoices = new List<Invoice>();
        var lines = new Dictionary<(DateOnly Month, int Revision), List<InvoiceLine>>();
        await PostgresAvailability.Guard(async () =>
        {
            await using var batch = database.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {InvoiceColumns} FROM invoices WHERE tenant_id = $1 ORDER BY month DESC, revision DESC")
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {LineColumns} FROM invoice_lines WHERE tenant_id = $1 ORDER BY month, revision, line_no")
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId } },
            });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var rows = new List<Invoice>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var issuedAt = reader.GetFieldValue<DateTimeOffset>(11);
                rows.Add(new Invoice
                {
                    TenantId = tenantId,
                    Month = reader.GetFieldValue<DateOnly>(0),
                    Revision = reader.GetInt32(1),
                    Id = reader.GetString(2),
                    Status = Enum.Parse<InvoiceStatus>(reader.GetString(3)),
                    Currency = reader.GetString(4),
                    Plan = reader.GetString(5),
                    JobsRun = reader.GetInt64(6),
                    IncludedJobs = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                    Retries = reader.GetInt64(8),
                    SubtotalMinor = reader.GetInt64(9),
                    TotalMinor = reader.GetInt64(10),
                    ComputedAt = issuedAt,
                    IssuedAt = issuedAt,
                    PaidAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                    VoidedAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                    VoidReason = reader.IsDBNull(14) ? null : reader.GetString(14),
                    Lines = [],
                });
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1));
                if (!lines.TryGetValue(key, out var list)) lines[key] = list = [];
                list.Add(new InvoiceLine
                {
                    Kind = Enum.Parse<InvoiceLineKind>(reader.GetString(2)),
                    Description = reader.GetString(3),
                    Plan = reader.GetString(4),
                    From = reader.GetFieldValue<DateOnly>(5),
                    To = reader.GetFieldValue<DateOnly>(6),
                    Quantity = reader.GetInt64(7),
                    UnitPriceMinor = reader.GetInt64(8),
                    Rate = reader.GetString(9),
                    AmountMinor = reader.GetInt64(10),
                });
            }
            invoices = rows;
        }, "invoice database");
        return invoices.Select(i => i with { Lines = lines.GetValueOrDefault((i.Month, i.Revision)) ?? [] }).ToArray();
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };
}
