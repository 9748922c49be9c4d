using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// The monitoring port (<c>Orchestrator:Metrics:Port</c>, off when unset): <c>/metrics</c> for Prometheus,
/// <c>/healthz</c> (the process is up) and <c>/readyz</c> (every check tagged <see cref="HealthTags.Ready"/>
/// passes: the silo is active in the cluster, the database answers). Silos have no other HTTP endpoint; gateways
/// serve the same here without going through the public port and its authentication. Plain
/// <see cref="HttpListener"/>: three read-only paths do not need a web stack in the silo.
/// </summary>
public sealed partial class MetricsPortServer(IConfiguration configuration, HealthCheckService health, ILogger<MetricsPortServer> logger)
    : IHostedService, IDisposable
{
    public const string PortKey = "Orchestrator:Metrics:Port";
    private HttpListener? _listener;
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue<int?>(PortKey) is not { } port || port <= 0) return Task.CompletedTask;
        _listener = new HttpListener();
        _listener.Prefixes.Add($"http://+:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (_listener is { IsListening: true } listener)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/metrics":
                    response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                    await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.OutputStream);
                    break;
                case "/healthz":
                    await WriteAsync(response, 200, HealthReportJson.Alive);
                    break;
                case "/readyz":
                    var report = await health.CheckHealthAsync(c => c.Tags.Contains(HealthTags.Ready));
                    await WriteAsync(response, report.Status == HealthStatus.Unhealthy ? 503 : 200, HealthReportJson.Write(report));
                    break;
                default:
                    response.StatusCode = 404;
                    break;
            }
        }
        catch (Exception e)
        {
            LogServeFailed(context.Request.Url?.AbsolutePath, e);
            try { response.StatusCode = 500; } catch (InvalidOperationException) { } // headers already sent
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, byte[] json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = json.Length;
        await response.OutputStream.WriteAsync(json);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Stop();
        if (_loop is not null) await _loop;
    }

    public void Dispose() => _listener?.Close();

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Monitoring port: serving {Path} failed")]
    private partial void LogServeFailed(string? path, Exception exception);
}
