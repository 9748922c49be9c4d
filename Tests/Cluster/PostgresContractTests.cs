using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Silo.Hosting;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

/// <summary>
/// The Orleans ADO.NET providers against a database built only from sql/: membership (a silo joins, a separate
/// client host finds it), grain state (write, read, stale write refused), reminders (a delayed job's durable
/// wake-up is a row that fires and is removed). The client host is also the embedding example of the README.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresContractTests
{
    [Fact]
    public async Task SiloAndEmbeddedClient_RoundTripMembershipStateAndReminders()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var config = new ClusterConfig(database.ConnectionString);

        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddInMemoryCollection(config.Silo(FreePort.Next(), FreePort.Next())!);
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        siloBuilder.UseOrleans(silo => silo.UseOrchestratorCluster(siloBuilder.Configuration));
        using var siloHost = siloBuilder.Build();
        await siloHost.StartAsync();

        // Another .NET service embedding the grain client: the same clustering, nothing else.
        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        clientBuilder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => { o.ClusterId = config.ClusterId; o.ServiceId = "orchestrator"; })
            .UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = database.ConnectionString; }));
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync();
        var grains = clientHost.Services.GetRequiredService<IClusterClient>();

        try
        {
            // Membership: the silo registered itself Active (3) with a gateway port.
            var members = await database.RowsAsync($"SELECT status, proxy_port FROM orleans_membership WHERE deployment_id = '{config.ClusterId}'");
            Assert.Contains(members, m => (int)m[0] == 3 && (int)m[1] > 0);

            // Reminders: a delayed job's wake-up is a row while it waits, and is gone once the job is done.
            var id = JobIds.New();
            var job = grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id));
            var submitted = await job.Submit(new JobSpec { Type = "noop", CorrelationId = "embedded", Delay = TimeSpan.FromSeconds(1.5) });
            Assert.Equal(JobStatus.Scheduled, submitted.Job.Status);
            Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%{id}%'"));
            var done = await Eventually.Until(async () => (await job.Get())!, j => j.Status == JobStatus.Succeeded, $"delayed job {id} runs");
            Assert.True(done.Attempts[0].StartedAt >= submitted.Job.RunAt);
            await Eventually.Until(() => database.ScalarAsync<long>($"SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%{id}%'"),
                n => n == 0, $"reminder of {id} removed");
            Assert.Equal("Succeeded", await database.ScalarAsync<string>($"SELECT status FROM jobs WHERE job_id = '{id}'"));

            // Grain state through the ADO.NET provider (the default storage): write, read back, stale write refused.
            var storage = siloHost.Services.GetRequiredKeyedService<IGrainStorage>("Default");
            var grainId = GrainId.Create("contract", Guid.NewGuid().ToString("N"));
            var written = new GrainState<JobState> { State = new JobState { Type = "round-trip", Priority = 7 } };
            await storage.WriteStateAsync("state", grainId, written);
            var read = new GrainState<JobState> { State = new JobState() };
            await storage.ReadStateAsync("state", grainId, read);
            Assert.True(read.RecordExists);
            Assert.Equal(("round-trip", 7), (read.State.Type, read.State.Priority));
            var stale = new GrainState<JobState> { State = new JobState { Type = "stale" }, ETag = read.ETag };
            read.State.Priority = 8;
            await storage.WriteStateAsync("state", grainId, read);
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grainId, stale));
            var again = new GrainState<JobState> { State = new JobState() };
            await storage.ReadStateAsync("state", grainId, again);
            Assert.Equal(8, again.State.Priority);
        }
        finally
        {
            await clientHost.StopAsync();
            await siloHost.StopAsync();
        }
    }
}
