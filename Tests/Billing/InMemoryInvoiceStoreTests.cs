using Orchestrator.Grains.Billing;

namespace Orchestrator.Tests.Billing;

public sealed class InMemoryInvoiceStoreTests
{
    [Fact]
    public Task InMemoryStore_KeepsTheInvoiceStoreContract() => InvoiceStoreContract.RunAsync(new InMemoryInvoiceStore());
}
