using System.Reflection;
using DbUp;
using DbUp.Engine;
using Npgsql;

namespace Orchestrator.Silo.Migrations;

/// <summary>
/// Applies the sql/ scripts (embedded in this assembly) in name order with DbUp, recording each in its journal
/// table <c>schemaversions</c>, so a second run is a no-op. A PostgreSQL advisory lock makes concurrent runs
/// (several silos starting with <c>MigrateOnStart</c>) wait for each other instead of racing.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>Arbitrary, fixed key of the advisory lock that serialises migrations.</summary>
    private const long LockKey = 0x6F72_6368_6D69_67; // "orchmig"

    /// <summary>The scripts this build carries, in the order they apply.</summary>
    public static IReadOnlyList<string> ScriptNames =>
        typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("sql/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Applies pending scripts; returns the names of those that ran (empty when the schema is current).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith("sql/", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .WithVariablesDisabled() // the scripts contain dollar-quoted function bodies, not DbUp variables
                .LogToNowhere()
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Migration failed in {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
            }
            return result.Scripts.Select(s => s.Name).ToArray();
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
