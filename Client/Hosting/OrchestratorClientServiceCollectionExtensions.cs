using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orchestrator.Client.Cluster;
using Orchestrator.Client.Http;
using Orchestrator.Client.Jobs;
using Orchestrator.Client.Schedules;
using Orchestrator.Client.Workflows;

namespace Orchestrator.Client.Hosting;

/// <summary>Adds the orchestrator's .NET client to a host.</summary>
public static class OrchestratorClientServiceCollectionExtensions
{
    /// <summary>The connection string the Orleans transport falls back to, as the silos name it.</summary>
    public const string ConnectionStringName = "Orchestrator";

    /// <summary>The ADO.NET invariant of the cluster's PostgreSQL membership table.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>
    /// Registers <see cref="IOrchestratorClient"/> (and <see cref="IJobs"/>, <see cref="ISchedules"/>, <see cref="IWorkflows"/>)
    /// from <c>Orchestrator:Client</c> of <paramref name="configuration"/> (<see cref="OrchestratorClientOptions"/>): the
    /// HTTP transport when <c>Url</c> is set, otherwise the Orleans transport, an Orleans client that connects when the
    /// host starts. Options are validated at start; AdoNet clustering without a connection string fails here already.
    /// Safe to call twice (the second call does nothing).
    /// </summary>
    public static IServiceCollection AddOrchestratorClient(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(OrchestratorClientMarker))) return services;
        services.AddSingleton<OrchestratorClientMarker>();

        var section = configuration.GetSection(OrchestratorClientOptions.Section);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        services.AddOptions<OrchestratorClientOptions>().Bind(section)
            .PostConfigure(o => o.ConnectionString = string.IsNullOrWhiteSpace(o.ConnectionString) ? connectionString : o.ConnectionString)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestratorClientOptions>, OrchestratorClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var options = new OrchestratorClientOptions();
        section.Bind(options);
        if (options.UsesHttp) AddHttpTransport(services);
        else AddOrleansTransport(services, options, connectionString);

        services.AddSingleton<IOrchestratorClient, OrchestratorClient>();
        return services;
    }

    private static void AddHttpTransport(IServiceCollection services)
    {
        services.AddHttpClient(OrchestratorClientOptions.HttpClientName, (sp, http) =>
        {
            var o = sp.GetRequiredService<IOptions<OrchestratorClientOptions>>().Value;
            // A trailing slash keeps the URL's path (a gateway behind /orchestrator/) when relative paths are appended.
            http.BaseAddress = new Uri(o.Url!.EndsWith('/') ? o.Url : o.Url + "/");
            http.DefaultRequestHeaders.Add("X-API-Key", o.ApiKey);
            http.Timeout = o.RequestTimeout;
        });
        services.AddSingleton<OrchestratorHttp>();
        services.AddSingleton<IJobs, HttpJobs>();
        services.AddSingleton<ISchedules, HttpSchedules>();
        services.AddSingleton<IWorkflows, HttpWorkflows>();
    }

    private static void AddOrleansTransport(IServiceCollection services, OrchestratorClientOptions options, string? fallbackConnectionString)
    {
        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString) ? fallbackConnectionString : options.ConnectionString;
        // Orleans checks its clustering options before ours run at start, with a message that names none of our keys: fail here.
        if (options.Clustering == ClientClustering.AdoNet && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(OrchestratorClientOptionsValidator.MissingConnectionString);
        }
        services.AddOrleansClient(client =>
        {
            switch (options.Clustering)
            {
                case ClientClustering.AdoNet:
                    client.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = options.ClusterId;
                        o.ServiceId = options.ServiceId;
                    });
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = AdoNetInvariant;
                        o.ConnectionString = connectionString;
                    });
                    break;
                default:
                    // Localhost: the ids Orleans' localhost clustering gives a silo, which is how embedded and localhost silos run.
                    client.UseLocalhostClustering(options.GatewayPort);
                    break;
            }
        });
        services.AddSingleton<IJobs, GrainJobs>();
        services.AddSingleton<ISchedules, GrainSchedules>();
        services.AddSingleton<IWorkflows, GrainWorkflows>();
    }

    private sealed class OrchestratorClientMarker;
}
