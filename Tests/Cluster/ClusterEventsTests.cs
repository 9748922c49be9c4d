using System.Net;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>Live events in cluster mode: jobs run on two silo processes, the listener is on a gateway process (an Orleans client).</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterEventsTests
{
    [Fact]
    public async Task EventsFromBothSilos_ReachAGatewaysStream()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var topology = new ClusterTopology(new ClusterConfig(db.ConnectionString));
        await topology.StartSiloAsync();
        await topology.StartSiloAsync();
        var (_, http) = await topology.StartApiAsync();
        var (response, reader) = await SseReader.OpenAsync(http, "?kind=job");
        using var _ = response;
        using var __ = reader;

        var ids = new HashSet<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var submitted = await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            ids.Add((await submitted.ReadJob()).Id);
        }

        var succeeded = new HashSet<Guid>();
        await reader.UntilAsync(m =>
        {
            if (m.Data.GetProperty("status").GetString() == "Succeeded") succeeded.Add(m.Data.GetProperty("id").GetGuid());
            return ids.IsSubsetOf(succeeded);
        }, "every job's success on the gateway's stream");
    }
}
