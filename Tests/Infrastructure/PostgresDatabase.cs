using Npgsql;
using Orchestrator.Silo.Migrations;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database per test, built only from sql/ through the migrator, dropped afterwards. The server
/// comes from <c>ORCHESTRATOR_TEST_POSTGRES</c> (set by test.sh, which installs and starts PostgreSQL 15).
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "ORCHESTRATOR_TEST_POSTGRES";
    private const string LocalDefault = "Host=127.0.0.1;Port=5432;Username=orchestrator_test;Password=orchestrator_test;Database=postgres";

    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string ServerConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : LocalDefault;

    /// <summary>Creates an empty database; <paramref name="migrate"/> applies sql/ to it.</summary>
    public static async Task<PostgresDatabase> CreateAsync(bool migrate = true)
    {
        var name = $"orch_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        // Each silo process holds two pools (jobs, Orleans' providers): bound them so several silos fit in the server.
        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
        var database = new PostgresDatabase(name, connectionString);
        if (migrate) await DatabaseMigrator.MigrateAsync(connectionString);
        return database;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<object[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var admin = new NpgsqlConnection(ServerConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server may be down at the end of a failure test; the database is uniquely named and harmless.
        }
    }
}

/// <summary>Tests against the real PostgreSQL server run one at a time: one of them stops the server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    public const string Name = "postgres";
}
