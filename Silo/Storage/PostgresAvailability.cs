using System.Net.Sockets;
using Npgsql;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Silo.Storage;

/// <summary>Tells "the database cannot be reached" (503, retry later) apart from an SQL error (a bug), for every PostgreSQL store.</summary>
internal static class PostgresAvailability
{
    /// <summary>Runs the operation, turning unavailability into the domain's <see cref="StorageUnavailableException"/>.</summary>
    /// <param name="operation">The database work.</param>
    /// <param name="database">Names the database in the message, e.g. "job database".</param>
    public static async Task Guard(Func<Task> operation, string database)
    {
        try
        {
            await operation();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"The {database} is unavailable ({e.GetType().Name}).");
        }
    }

    /// <summary>Connection-level failures and server shutdown codes; an SQL error in a statement is a bug and stays one.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception class
            || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300",            // shutdown, crash, starting, too many connections
        NpgsqlException or SocketException or TimeoutException => true,
        _ => false,
    };
}
