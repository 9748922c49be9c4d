using Orleans.Configuration;
using Orleans.Dashboard;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Observability;

namespace Orchestrator.Client.Api.Hosting;

/// <summary>Connects the gateway to the grains according to <c>Orchestrator:Mode</c>.</summary>
public static class OrchestratorHostingExtensions
{
    public const string ModeKey = "Orchestrator:Mode";

    /// <summary>The configured mode; an unknown value fails start-up with a message naming the choices.</summary>
    public static OrchestratorMode GetOrchestratorMode(this IConfiguration configuration)
    {
        var value = configuration[ModeKey];
        if (string.IsNullOrWhiteSpace(value)) return OrchestratorMode.Embedded;
        return Enum.TryParse<OrchestratorMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException($"{ModeKey} is '{value}'; use one of: {string.Join(", ", Enum.GetNames<OrchestratorMode>())}.");
    }

    /// <summary>
    /// Co-hosts a silo (embedded) or adds an Orleans client (gateway, cluster). Never both in one host. The Orleans
    /// dashboard's services come with the co-hosted silo, or are added to the client so it can serve the UI of the
    /// silos' dashboard grains (<see cref="DashboardSettings"/>).
    /// </summary>
    public static WebApplicationBuilder AddOrchestratorCluster(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        switch (configuration.GetOrchestratorMode())
        {
            case OrchestratorMode.Embedded:
                builder.UseOrleans(silo => silo.UseOrchestratorLocalhost(configuration));
                break;
            case OrchestratorMode.Gateway:
                var ports = configuration.GetSection(SiloPortsOptions.Section).Get<SiloPortsOptions>() ?? new SiloPortsOptions();
                builder.UseOrleansClient(client => client.UseLocalhostClustering(ports.GatewayPort).AddOrchestratorDashboard(configuration).AddOrchestratorTracing(configuration));
                break;
            case OrchestratorMode.Cluster:
                var connectionString = ClusterSettings.RequireConnectionString(configuration);
                var cluster = ClusterSettings.From(configuration);
                builder.UseOrleansClient(client => client
                    .Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = cluster.ClusterId;
                        o.ServiceId = cluster.ServiceId;
                    })
                    .UseAdoNetClustering(o =>
                    {
                        o.Invariant = ClusterSettings.Invariant;
                        o.ConnectionString = connectionString;
                    })
                    .AddOrchestratorDashboard(configuration)
                    .AddOrchestratorTracing(configuration));
                break;
        }
        // The gateway checks payload sizes itself (413 before any grain call), with the same settings as the silo.
        builder.Services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section);
        return builder;
    }

    private static IClientBuilder AddOrchestratorDashboard(this IClientBuilder client, IConfiguration configuration) =>
        DashboardSettings.IsEnabled(configuration) ? client.AddDashboard() : client;

    /// <summary>Grain calls from this client carry the current trace (Orleans' activity propagation), when tracing is on.</summary>
    private static IClientBuilder AddOrchestratorTracing(this IClientBuilder client, IConfiguration configuration) =>
        Grains.Observability.TracingSetup.IsEnabled(configuration) ? client.AddActivityPropagation() : client;
}
