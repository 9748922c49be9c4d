using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Workers;

/// <summary>Adds an external worker to a host.</summary>
public static class OrchestratorWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Runs an external worker in this host (<see cref="OrchestratorWorkerService"/>), configured from
    /// <c>Orchestrator:Worker</c> (URL and API key default to <c>Orchestrator:Client</c>'s), with the handlers
    /// <paramref name="handlers"/> adds. The worker speaks HTTP to a gateway, as workers in any language do; .NET code
    /// inside the silos registers <c>IJobHandler</c>s instead. Safe to call twice (handlers add up; one worker runs).
    /// </summary>
    public static IServiceCollection AddOrchestratorWorker(this IServiceCollection services, IConfiguration configuration, Action<OrchestratorWorkerBuilder> handlers)
    {
        handlers(new OrchestratorWorkerBuilder(services));
        if (services.Any(d => d.ServiceType == typeof(WorkerMarker))) return services;
        services.AddSingleton<WorkerMarker>();
        services.AddOptions<OrchestratorWorkerOptions>().Bind(configuration.GetSection(OrchestratorWorkerOptions.Section)).PostConfigure(o =>
        {
            o.Url ??= configuration["Orchestrator:Client:Url"];
            o.ApiKey ??= configuration["Orchestrator:Client:ApiKey"];
        }).Validate(o => !string.IsNullOrWhiteSpace(o.Url) && !string.IsNullOrWhiteSpace(o.ApiKey),
            "Orchestrator:Worker needs Url and ApiKey (or Orchestrator:Client's).")
          .Validate(o => o.Concurrency is >= 1 and <= 100, "Orchestrator:Worker:Concurrency must be 1-100.")
          .Validate(o => o.LeaseWait >= TimeSpan.Zero && o.LeaseWait <= TimeSpan.FromSeconds(30), "Orchestrator:Worker:LeaseWait must be 0-30 s.")
          .ValidateOnStart();
        services.AddHttpClient(OrchestratorWorkerOptions.HttpClientName, (sp, http) =>
        {
            var o = sp.GetRequiredService<IOptions<OrchestratorWorkerOptions>>().Value;
            http.BaseAddress = new Uri(o.Url!.EndsWith('/') ? o.Url : o.Url + "/");
            http.DefaultRequestHeaders.Add("X-API-Key", o.ApiKey);
            http.Timeout = o.LeaseWait + TimeSpan.FromSeconds(30); // a long poll plus the gateway's own work
        });
        services.AddSingleton<OrchestratorWorkerService>();
        services.AddHostedService(sp => sp.GetRequiredService<OrchestratorWorkerService>());
        return services;
    }

    private sealed class WorkerMarker;
}
