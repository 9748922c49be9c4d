using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Grains.Observability;

/// <summary>Ready when the database answers <c>SELECT 1</c> within the check's timeout.</summary>
public sealed class DatabaseHealthCheck(DbDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("the database answers");
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("the database does not answer", e);
        }
    }
}
