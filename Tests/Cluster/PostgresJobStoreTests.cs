using Npgsql;
using Orleans.Storage;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using Orchestrator.Silo.Storage;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class PostgresJobStoreTests
{
    private static JobState NewState(Guid id, string queue = "q", DateTimeOffset? createdAt = null) => new()
    {
        TenantId = "t1",
        Id = id,
        Type = "noop",
        Queue = queue,
        Status = JobStatus.Queued,
        CorrelationId = "c",
        CreatedAt = createdAt ?? DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        RunAt = DateTimeOffset.UtcNow,
        MaxAttempts = 3,
        Payload = """{"k":1}""",
    };

    /// <summary>A job store on its own fresh database.</summary>
    private sealed class FreshStore : IAsyncDisposable
    {
        private NpgsqlDataSource _source = null!;

        public PostgresDatabase Database { get; private init; } = null!;
        public PostgresJobStore Store { get; private init; } = null!;

        public static async Task<FreshStore> CreateAsync()
        {
            var database = await PostgresDatabase.CreateAsync();
            var source = NpgsqlDataSource.Create(database.ConnectionString);
            var codec = new JobStateCodec(TestSerializers.Serializer<JobState>());
            return new FreshStore { Database = database, Store = new PostgresJobStore(source, codec, Microsoft.Extensions.Options.Options.Create(new JobOptions()), TimeProvider.System), _source = source };
        }

        public async ValueTask DisposeAsync()
        {
            await _source.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostgresStore_KeepsTheWakeIndexContract()
    {
        await using var fresh = await FreshStore.CreateAsync();
        await WakeUps.WakeIndexContract.RunAsync(fresh.Store, fresh.Store);
        // The generated shard column agrees with WakeShards.Of for every row.
        var rows = await fresh.Database.RowsAsync("SELECT job_id, wake_shard FROM jobs");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(Orchestrator.Grains.WakeUps.WakeShards.Of((Guid)r[0]), (int)(short)r[1]));
    }

    [Fact]
    public async Task LargePayload_IsStoredOnceOutsideTheRow_AndReadBackUnchanged()
    {
        await using var fresh = await FreshStore.CreateAsync();
        var (database, store) = (fresh.Database, fresh.Store);
        var (small, large) = (Guid.NewGuid(), Guid.NewGuid());
        var payload = $$"""{"blob": "{{new string('x', 8 * 1024)}}",  "n": 1}""";
        await store.WriteStateAsync("job", GrainId.Create("job", $"t1/{small}"), new GrainState<JobState> { State = NewState(small) });
        var written = new GrainState<JobState> { State = NewState(large) };
        written.State.Payload = payload;
        await store.WriteStateAsync("job", GrainId.Create("job", $"t1/{large}"), written);

        // The row (payload column and state) stays small; the payload is in job_payloads, byte for byte.
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM jobs WHERE job_id = '{large}' AND payload IS NULL AND octet_length(state) < 1024"));
        Assert.Equal(payload, await database.ScalarAsync<string>($"SELECT payload FROM job_payloads WHERE job_id = '{large}'"));
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM job_payloads WHERE job_id = '{small}'"));
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM jobs WHERE job_id = '{small}' AND payload = '{{\"k\": 1}}'::jsonb"));

        // Reading returns it; a later state change neither rewrites it nor puts it back into the row.
        var read = new GrainState<JobState> { State = new JobState() };
        await store.ReadStateAsync("job", GrainId.Create("job", $"t1/{large}"), read);
        Assert.Equal(payload, read.State.Payload);
        read.State.Status = JobStatus.Cancelled;
        await store.WriteStateAsync("job", GrainId.Create("job", $"t1/{large}"), read);
        Assert.Equal(payload, read.State.Payload);
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM jobs WHERE job_id = '{large}' AND status = 'Cancelled' AND payload IS NULL AND octet_length(state) < 1024"));
        var again = new GrainState<JobState> { State = new JobState() };
        await store.ReadStateAsync("job", GrainId.Create("job", $"t1/{large}"), again);
        Assert.Equal((payload, JobStatus.Cancelled), (again.State.Payload, again.State.Status));
    }

    [Fact]
    public async Task StaleWrite_IsRefused_AndTheRowKeepsTheWinner()
    {
        await using var fresh = await FreshStore.CreateAsync();
        var (database, store) = (fresh.Database, fresh.Store);
        var id = Guid.NewGuid();
        var grainId = GrainId.Create("job", $"t1/{id}");

        await store.WriteStateAsync("job", grainId, new GrainState<JobState> { State = NewState(id) });
        var first = new GrainState<JobState> { State = new JobState() };
        var second = new GrainState<JobState> { State = new JobState() };
        await store.ReadStateAsync("job", grainId, first);
        await store.ReadStateAsync("job", grainId, second);
        Assert.Equal(first.ETag, second.ETag);

        first.State.Status = JobStatus.Running;
        await store.WriteStateAsync("job", grainId, first);
        second.State.Status = JobStatus.Cancelled;
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("job", grainId, second));

        var now = new GrainState<JobState> { State = new JobState() };
        await store.ReadStateAsync("job", grainId, now);
        Assert.Equal(JobStatus.Running, now.State.Status);
        Assert.Equal("Running", await database.ScalarAsync<string>($"SELECT status FROM jobs WHERE job_id = '{id}'"));
        Assert.Equal(2L, await database.ScalarAsync<long>($"SELECT version FROM jobs WHERE job_id = '{id}'"));
    }

    [Fact]
    public async Task SecondCreate_OfTheSameJob_IsRefused()
    {
        await using var fresh = await FreshStore.CreateAsync();
        var (database, store) = (fresh.Database, fresh.Store);
        var id = Guid.NewGuid();
        var grainId = GrainId.Create("job", $"t1/{id}");
        await store.WriteStateAsync("job", grainId, new GrainState<JobState> { State = NewState(id) });
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            store.WriteStateAsync("job", grainId, new GrainState<JobState> { State = NewState(id) }));
    }

    [Fact]
    public async Task Write_RoundTripsTheState_AndItsAttemptRow()
    {
        await using var fresh = await FreshStore.CreateAsync();
        var (database, store) = (fresh.Database, fresh.Store);
        var id = Guid.NewGuid();
        var grainId = GrainId.Create("job", $"t1/{id}");
        var state = new GrainState<JobState> { State = NewState(id) };
        state.State.IdempotencyKey = "key-1";
        state.State.RequestFingerprint = "fp";
        state.State.Tags = ["a", "b"];
        state.State.Backoff = new BackoffPolicy { Initial = TimeSpan.FromSeconds(2), Jitter = BackoffJitter.None };
        await store.WriteStateAsync("job", grainId, state);
        state.State.Attempt = 1;
        state.State.Status = JobStatus.Running;
        state.State.Attempts.Add(new JobAttempt { Number = 1, StartedAt = DateTimeOffset.UtcNow, Silo = "s1", Result = AttemptResult.Running });
        await store.WriteStateAsync("job", grainId, state);

        var read = new GrainState<JobState> { State = new JobState() };
        await store.ReadStateAsync("job", grainId, read);
        Assert.Equal(["a", "b"], read.State.Tags);
        Assert.Equal(state.State.Backoff, read.State.Backoff);
        Assert.Equal("s1", Assert.Single(read.State.Attempts).Silo);
        Assert.Equal("Running", await database.ScalarAsync<string>($"SELECT result FROM job_attempts WHERE job_id = '{id}' AND attempt = 1"));
        Assert.Equal(id, await database.ScalarAsync<Guid>("SELECT job_id FROM idempotency_keys WHERE key = 'key-1'"));

        // One write that ends attempt 1 (lease lost) and starts attempt 2 records both rows.
        state.State.Attempts[0] = state.State.Attempts[0] with { EndedAt = DateTimeOffset.UtcNow, Result = AttemptResult.LeaseLost, Error = "lease lost" };
        state.State.Attempt = 2;
        state.State.Attempts.Add(new JobAttempt { Number = 2, StartedAt = DateTimeOffset.UtcNow, Silo = "s2", Result = AttemptResult.Running });
        await store.WriteStateAsync("job", grainId, state);
        Assert.Equal("LeaseLost", await database.ScalarAsync<string>($"SELECT result FROM job_attempts WHERE job_id = '{id}' AND attempt = 1"));
        Assert.Equal("s2", await database.ScalarAsync<string>($"SELECT silo FROM job_attempts WHERE job_id = '{id}' AND attempt = 2"));
    }

    [Fact]
    public async Task List_PagesNewestFirst_ByKeysetCursor_WithFilters()
    {
        await using var fresh = await FreshStore.CreateAsync();
        var (database, store) = (fresh.Database, fresh.Store);
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            var state = NewState(id, queue: i % 2 == 0 ? "even" : "odd", createdAt: start.AddSeconds(i));
            if (i % 3 == 0) state.Tags = ["notification-rule:r1", "other"];
            await store.WriteStateAsync("job", GrainId.Create("job", $"t1/{id}"), new GrainState<JobState> { State = state });
        }

        var seen = new List<Guid>();
        JobCursor? cursor = null;
        do
        {
            var page = await store.ListAsync(new JobQuery { TenantId = "t1", Limit = 3, After = cursor });
            seen.AddRange(page.Items.Select(j => j.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(Enumerable.Reverse(ids), seen);

        var even = await store.ListAsync(new JobQuery { TenantId = "t1", Queue = "even", From = start.AddSeconds(1), To = start.AddSeconds(6) });
        Assert.Equal([ids[4], ids[2]], even.Items.Select(j => j.Id));
        Assert.Empty((await store.ListAsync(new JobQuery { TenantId = "other" })).Items);
        Assert.Equal(new Dictionary<JobStatus, long> { [JobStatus.Queued] = 7 }, await store.CountByStatusAsync("t1"));

        // The tag filter (a notification rule's delivery history) and the per-queue stats of GET /v1/queues.
        var tagged = await store.ListAsync(new JobQuery { TenantId = "t1", Tag = "notification-rule:r1" });
        Assert.Equal([ids[6], ids[3], ids[0]], tagged.Items.Select(j => j.Id));
        var queues = (await store.TenantQueuesAsync("t1")).ToDictionary(q => q.Queue);
        Assert.Equal(4, queues["even"].Counts[JobStatus.Queued]);
        Assert.Equal(3, queues["odd"].Counts[JobStatus.Queued]);
        Assert.NotNull(queues["even"].OldestQueuedAt);
        Assert.Empty(await store.TenantQueuesAsync("other"));
    }
}
