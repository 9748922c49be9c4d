using Npgsql;
using Orchestrator.Silo.Storage;
using Orchestrator.Tests.Billing;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class PostgresInvoiceStoreTests
{
    [Fact]
    public async Task PostgresStore_KeepsTheInvoiceStoreContract()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await InvoiceStoreContract.RunAsync(new PostgresInvoiceStore(source));
        // Four revisions, and only the lines their first saves wrote: 3 + 1 + 2 + 2.
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT count(*) FROM invoices"));
        Assert.Equal(8L, await database.ScalarAsync<long>("SELECT count(*) FROM invoice_lines"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM invoices WHERE status = 'Issued' AND tenant_id = 'acme'"));
    }
}
