using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Client.Hosting;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Client;

/// <summary>
/// The gateway in embedded mode (<see cref="ApiFactory"/>) and two other Generic Hosts that embed the client with
/// <c>AddOrchestratorClient</c>: one configured with a URL (HTTP transport, through the test server's handler), one
/// with the co-hosted silo's gateway port (Orleans transport, acting for the seeded <c>default</c> tenant).
/// </summary>
public sealed class ClientHosts : IAsyncLifetime
{
    public const string Http = "http";
    public const string Orleans = "orleans";

    public ApiFactory Api { get; } = new();
    private readonly Dictionary<string, IHost> _hosts = [];

    public IOrchestratorClient this[string transport] => _hosts[transport].Services.GetRequiredService<IOrchestratorClient>();

    public async Task InitializeAsync()
    {
        _ = Api.Server;
        var gatewayPort = Api.Services.GetRequiredService<IConfiguration>()["Orchestrator:Silo:GatewayPort"]!;
        _hosts[Http] = await StartAsync(new()
        {
            ["Orchestrator:Client:Url"] = "http://gateway.test",
            ["Orchestrator:Client:ApiKey"] = TestAuth.ApiKey,
            ["Orchestrator:Client:MaxPollInterval"] = "00:00:00.100",
        }, services => services.AddHttpClient(OrchestratorClientOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Api.Server.CreateHandler()));
        _hosts[Orleans] = await StartAsync(new()
        {
            ["Orchestrator:Client:Clustering"] = "Localhost",
            ["Orchestrator:Client:GatewayPort"] = gatewayPort,
            ["Orchestrator:Client:TenantId"] = TestAuth.DefaultTenant,
            ["Orchestrator:Client:MaxPollInterval"] = "00:00:00.100",
        });
    }

    /// <summary>A host like an application's: configuration, then <c>AddOrchestratorClient</c>, then whatever else it adds.</summary>
    public static HostApplicationBuilder Builder(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOrchestratorClient(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder;
    }

    private static async Task<IHost> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var host = Builder(settings, configure).Build();
        await host.StartAsync();
        return host;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await Api.DisposeAsync();
    }
}
