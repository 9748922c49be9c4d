using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// Invoice state survives both grain-state formats: Orleans' binary serializer (memory storage, messages) and the
/// Newtonsoft JSON the ADO.NET storage writes in cluster mode (DateOnly months, read-only line lists, init-only records).
/// </summary>
public sealed class InvoiceStateSerializationTests
{
    private static readonly InvoiceState State = new()
    {
        Revisions =
        [
            new Invoice
            {
                Id = "acme/2026-11", TenantId = "acme", Month = new DateOnly(2026, 11, 1), Revision = 1, Status = InvoiceStatus.Void,
                Currency = "USD", Plan = "plus", JobsRun = 51_001, IncludedJobs = null, Retries = 1_150, SubtotalMinor = 9_233, TotalMinor = 9_233,
                ComputedAt = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero), IssuedAt = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero),
                VoidedAt = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), VoidReason = "wrong price",
                Lines = new List<InvoiceLine>
                {
                    new InvoiceLine
                    {
                        Kind = InvoiceLineKind.Base, Description = "Plan 'plus'", Plan = "plus", From = new DateOnly(2026, 11, 12), To = new DateOnly(2026, 11, 30),
                        Quantity = 19, UnitPriceMinor = 9_900, Rate = "9900 per month × 19/30 days, rounded half up", AmountMinor = 6_270,
                    },
                },
            },
        ],
    };

    [Fact]
    public void InvoiceState_RoundTrips_ThroughOrleansBinary() =>
        Assert.Equivalent(State, Infrastructure.TestSerializers.Serializer<InvoiceState>().Deserialize(Infrastructure.TestSerializers.Serializer<InvoiceState>().SerializeToArray(State)), strict: true);

    [Fact]
    public void InvoiceState_RoundTrips_ThroughTheAdoNetJsonFormat()
    {
        // An Orleans client host (built, never started) has the services Orleans' JSON settings need (grain references and all).
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseLocalhostClustering());
        builder.Services.AddSingleton<JsonGrainStorageSerializer>();
        using var host = builder.Build();
        var json = host.Services.GetRequiredService<JsonGrainStorageSerializer>();

        var back = json.Deserialize<InvoiceState>(json.Serialize(State));

        Assert.Equivalent(State, back, strict: true);
        Assert.Equivalent(new TenantInvoicesState { IssuedThrough = new DateOnly(2026, 10, 1) },
            json.Deserialize<TenantInvoicesState>(json.Serialize(new TenantInvoicesState { IssuedThrough = new DateOnly(2026, 10, 1) })), strict: true);
    }
}
