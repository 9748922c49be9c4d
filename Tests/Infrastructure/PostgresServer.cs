using System.Diagnostics;
using Npgsql;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>Stops and starts the local PostgreSQL 15 cluster that test.sh runs (pg_ctlcluster 15 main), for outage tests.</summary>
public static class PostgresServer
{
    public static Task StopAsync() => RunAsync("stop", "-m", "fast");

    public static async Task StartAsync()
    {
        await RunAsync("start");
        NpgsqlConnection.ClearAllPools(); // this process's pooled connections died with the server
        await Eventually.Until(async () =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
                await connection.OpenAsync();
                return true;
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }, up => up, "PostgreSQL accepts connections again", TimeSpan.FromSeconds(60));
    }

    private static async Task RunAsync(params string[] action)
    {
        using var process = Process.Start(new ProcessStartInfo("pg_ctlcluster", ["15", "main", .. action])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctlcluster 15 main {string.Join(' ', action)} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }
}
