using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Silo.Migrations;

namespace Orchestrator.Benchmarks.Targets;

/// <summary>
/// Cluster mode: a fresh PostgreSQL database built from sql/, <c>SILOS</c> silo processes (Release), and either an
/// in-process Orleans client or a Client.Api gateway process. PostgreSQL comes from <c>ORCHESTRATOR_BENCH_POSTGRES</c>
/// (an admin connection string; default the role test.sh creates). Silos run with the product's defaults (membership
/// probes, reminder minimum, lease check) except for settings given as <c>Orchestrator__*</c> keys, which are passed
/// to every silo as environment variables, e.g. <c>Orchestrator__Jobs__LeaseCheckPeriod=00:00:05</c>.
/// </summary>
public sealed class ClusterTarget : IBenchTarget
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=orchestrator_test;Password=orchestrator_test;Database=postgres";
    private readonly List<ChildProcess> _processes = [];
    private IHost? _client;
    private string _database = "";
    private string _server = "";

    public string ConnectionString { get; private set; } = "";
    public string Description => $"cluster, {_silos.Count} silo process(es), {(Http is null ? "grain client" : $"HTTP to Client.Api process ({BenchCredentials.Settings})")}";
    public IGrainFactory Grains => _client!.Services.GetRequiredService<IClusterClient>();
    public HttpClient? Http { get; private set; }
    public IReadOnlyList<ChildProcess> Silos => _silos;
    private readonly List<ChildProcess> _silos = [];
    private Dictionary<string, string> _siloEnvironment = [];

    /// <summary>The <c>Orchestrator__*</c> settings passed to the silos on top of the product's defaults, for the report.</summary>
    public string SiloOverrides { get; private set; } = "";

    public static async Task<ClusterTarget> StartAsync(BenchSettings settings, int silos, bool viaHttp)
    {
        var target = new ClusterTarget();
        target._server = settings.String("ORCHESTRATOR_BENCH_POSTGRES", DefaultServer);
        target._database = $"orch_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(target._server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {target._database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        target.ConnectionString = new NpgsqlConnectionStringBuilder(target._server)
        {
            Database = target._database,
            MaxPoolSize = settings.Int("POOL", 50),
        }.ConnectionString;
        await DatabaseMigrator.MigrateAsync(target.ConnectionString);

        var clusterId = $"bench-{Guid.NewGuid():N}";
        var common = new Dictionary<string, string>
        {
            ["Orchestrator__Mode"] = "Cluster",
            ["ConnectionStrings__Orchestrator"] = target.ConnectionString,
            ["Orchestrator__Cluster__ClusterId"] = clusterId,
            ["Orchestrator__Executor__MaxConcurrency"] = settings.String("WORKERS", "64"),
        };
        var overrides = settings.Given.Where(s => s.Key.StartsWith("Orchestrator__", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var (k, v) in overrides) common[k] = v;
        // The silos inherit this process's environment, so an exported Orchestrator__* variable applies too: report it.
        overrides.AddRange(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""))
            .Where(e => e.Key.StartsWith("Orchestrator__", StringComparison.OrdinalIgnoreCase) && !common.ContainsKey(e.Key)));
        target.SiloOverrides = overrides.Count == 0 ? "none (product defaults)" : string.Join(" ", overrides.Select(o => $"{o.Key}={o.Value}"));
        target._siloEnvironment = common;
        for (var i = 0; i < silos; i++) await target.StartSiloAsync();

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "orchestrator"; })
            .UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = target.ConnectionString; }));
        target._client = builder.Build();
        await target._client.StartAsync();

        if (viaHttp)
        {
            var port = ChildProcess.FreePort();
            var environment = new Dictionary<string, string>(common.Concat(BenchCredentials.Environment())) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
            var api = await ChildProcess.StartAsync("Client.Api", environment, "listening on");
            target._processes.Add(api);
            target.Http = BenchCredentials.Client(port);
        }
        return target;
    }

    public Task<Dictionary<JobStatus, long>> CountsAsync() => Grains.GetGrain<IJobQueryGrain>(0).CountByStatus(JobIds.DefaultTenant);

    public async Task<IReadOnlyList<(DateTimeOffset Due, DateTimeOffset Started)>> StartsAsync(IReadOnlyList<Guid> jobIds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT j.run_at, a.started_at FROM jobs j JOIN job_attempts a USING (tenant_id, job_id)
            WHERE a.attempt = 1 AND j.job_id = ANY($1)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobIds.ToArray() });
        var result = new List<(DateTimeOffset, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return result;
    }

    /// <summary>How many of <paramref name="jobIds"/> are in each status, read from the <c>jobs</c> table; ids without a row are absent.</summary>
    public async Task<Dictionary<JobStatus, long>> StatusCountsAsync(IReadOnlyCollection<Guid> jobIds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, count(*) FROM jobs WHERE job_id = ANY($1) GROUP BY status", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobIds.ToArray() });
        var result = new Dictionary<JobStatus, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[Enum.Parse<JobStatus>(reader.GetString(0))] = reader.GetInt64(1);
        return result;
    }

    /// <summary>Creation and success instants of those of <paramref name="jobIds"/> that succeeded (a succeeded job's last write is its success).</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Created, DateTimeOffset Succeeded)>> SucceededTimesAsync(IReadOnlyCollection<Guid> jobIds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT created_at, updated_at FROM jobs WHERE status = 'Succeeded' AND job_id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobIds.ToArray() });
        var result = new List<(DateTimeOffset, DateTimeOffset)>(jobIds.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return result;
    }

    /// <summary>How many jobs the database holds in all.</summary>
    public async Task<long> JobRowsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM jobs", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The database's statistics now (transactions, rows written), for per-job write counts.</summary>
    public async Task<(long Commits, long Inserted, long Updated, long Deleted)> DatabaseStatsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>
    /// A full cluster restart the hard way: every silo is killed (kill -9), then as many start again on fresh ports,
    /// with the same cluster id and database. Returns when all are ready.
    /// </summary>
    public async Task RestartSilosAsync()
    {
        var count = _silos.Count;
        foreach (var silo in _silos)
        {
            _processes.Remove(silo);
            await silo.DisposeAsync();
        }
        _silos.Clear();
        for (var i = 0; i < count; i++) await StartSiloAsync();
    }

    private async Task StartSiloAsync()
    {
        var env = new Dictionary<string, string>(_siloEnvironment)
        {
            ["Orchestrator__Silo__AdvertisedAddress"] = "127.0.0.1",
            ["Orchestrator__Silo__SiloPort"] = ChildProcess.FreePort().ToString(),
            ["Orchestrator__Silo__GatewayPort"] = ChildProcess.FreePort().ToString(),
        };
        var silo = await ChildProcess.StartAsync("Silo", env, "Orchestrator silo started");
        _silos.Add(silo);
        _processes.Add(silo);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }
        foreach (var process in _processes) await process.DisposeAsync();
        Http?.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
