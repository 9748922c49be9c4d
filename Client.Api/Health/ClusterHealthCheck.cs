using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Health;

/// <summary>Ready when a grain call round-trips to a silo (the gateway can reach the cluster).</summary>
public sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await cluster.GetGrain<IJobCatalogGrain>(0).Validate([]).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("a grain call round-trips");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", e);
        }
    }
}
