using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orchestrator.Client.Api.Hosting;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Observability;

namespace Orchestrator.Client.Api.Health;

/// <summary>
/// <c>/healthz</c> (the process is up) and <c>/readyz</c> (the cluster answers a grain call and, in cluster mode,
/// PostgreSQL answers): anonymous, 200 or 503 with one entry per check. The same checks are on the monitoring port.
/// </summary>
public static class HealthHostingExtensions
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static WebApplicationBuilder AddOrchestratorHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks();
        checks.AddCheck<ClusterHealthCheck>("cluster", HealthStatus.Unhealthy, [HealthTags.Ready], CheckTimeout);
        if (builder.Configuration.GetOrchestratorMode() == OrchestratorMode.Cluster)
        {
            // A pool of its own, small: one check at a time, never competing with anything else.
            var connection = new NpgsqlConnectionStringBuilder(ClusterSettings.RequireConnectionString(builder.Configuration)) { MaxPoolSize = 2 };
            var database = NpgsqlDataSource.Create(connection);
            checks.Add(new HealthCheckRegistration("database", _ => new DatabaseHealthCheck(database), HealthStatus.Unhealthy, [HealthTags.Ready], CheckTimeout));
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapOrchestratorHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Health").WithName("Health").WithSummary("Liveness: the process is up").AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteAsync })
            .WithTags("Health").WithName("Ready").WithSummary("Readiness: the cluster (and, in cluster mode, the database) answers").AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.Body.WriteAsync(HealthReportJson.Write(report)).AsTask();
    }
}
