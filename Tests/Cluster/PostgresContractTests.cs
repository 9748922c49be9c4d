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
/// client host finds it), grain state (write, read, stale write refused), reminders (upsert, read, remove), and a
/// delayed job's durable wake-up in its row. The client host is also the embedding example of the README.
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

            // A delayed job's wake-up is its row's wake_at while it waits, and is gone once the job is done.
            var id = JobIds.New();
            var job = grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id));
            var submitted = await job.Submit(new JobSpec { Type = "noop", CorrelationId = "embedded", Delay = TimeSpan.FromSeconds(1.5) });
            Assert.Equal(JobStatus.Scheduled, submitted.Job.Status);
            Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM jobs WHERE job_id = '{id}' AND wake_at = run_at"));
            var done = await Eventually.Until(async () => (await job.Get())!, j => j.Status == JobStatus.Succeeded, $"delayed job {id} runs");
            Assert.True(done.Attempts[0].StartedAt >= submitted.Job.RunAt);
            Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM jobs WHERE job_id = '{id}' AND status = 'Succeeded' AND wake_at IS NULL AND owner IS NULL"));

            // A payload above the offload threshold lives in job_payloads and comes back with the job.
            var bigId = JobIds.New();
            var big = grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, bigId));
            var bigPayload = $$"""{"text":"{{new string('p', 4096)}}"}""";
            await big.Submit(new JobSpec { Type = "noop", CorrelationId = "embedded", Payload = bigPayload });
            var bigDone = await Eventually.Until(async () => (await big.Get())!, j => j.Status == JobStatus.Succeeded, $"job {bigId} with a 4 KiB payload runs");
            Assert.Equal(bigPayload, bigDone.Payload);
            Assert.Equal(bigPayload, await database.ScalarAsync<string>($"SELECT p.payload FROM job_payloads p JOIN jobs j USING (tenant_id, job_id) WHERE j.job_id = '{bigId}' AND j.payload IS NULL"));

            // Reminders through the ADO.NET provider (our sql/ implements its queries): upsert, read, remove.
            var reminders = siloHost.Services.GetRequiredService<IReminderTable>();
            var reminderGrain = GrainId.Create("contract", Guid.NewGuid().ToString("N"));
            var etag = await reminders.UpsertRow(new ReminderEntry { GrainId = reminderGrain, ReminderName = "r", StartAt = DateTime.UtcNow.AddHours(1), Period = TimeSpan.FromMinutes(2) });
            var row = Assert.IsType<ReminderEntry>(await reminders.ReadRow(reminderGrain, "r"));
            Assert.NotNull(etag);
            Assert.Equal((TimeSpan.FromMinutes(2), etag), (row.Period, row.ETag));
            Assert.Single((await reminders.ReadRows(reminderGrain)).Reminders);
            Assert.True(await reminders.RemoveRow(reminderGrain, "r", etag));
            Assert.Empty((await reminders.ReadRows(reminderGrain)).Reminders);

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
