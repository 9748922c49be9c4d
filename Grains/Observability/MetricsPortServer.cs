using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// <c>/metrics</c> on a port of its own (<c>Orchestrator:Metrics:Port</c>), for Prometheus to scrape silos — which
/// have no HTTP endpoint otherwise — and gateways without going through the public port and its authentication. Off
/// when the port is not set.
/// </summary>
public sealed class MetricsPortServer(IConfiguration configuration) : IHostedService
{
    public const string PortKey = "Orchestrator:Metrics:Port";
    private MetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue<int?>(PortKey) is { } port and > 0) _server = (MetricServer)new MetricServer(port: port).Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync();
    }
}
