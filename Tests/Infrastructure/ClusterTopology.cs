namespace Orchestrator.Tests.Infrastructure;

/// <summary>Real <c>Silo</c> and <c>Client.Api</c> processes in cluster mode on one PostgreSQL database.</summary>
public sealed class ClusterTopology(ClusterConfig config) : IAsyncDisposable
{
    private readonly List<ProcessHost> _processes = [];

    public ClusterConfig Config { get; } = config;

    /// <summary>Starts a silo, with <paramref name="settings"/> added to its configuration; pass the ports of a stopped silo to restart "the same" one.</summary>
    public async Task<(ProcessHost Process, int SiloPort, int GatewayPort)> StartSiloAsync(int? siloPort = null, int? gatewayPort = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var ports = (Silo: siloPort ?? FreePort.Next(), Gateway: gatewayPort ?? FreePort.Next());
        var configuration = Config.Silo(ports.Silo, ports.Gateway);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) configuration[key] = value;
        var process = ProcessHost.Start("Silo", ClusterConfig.AsEnvironment(configuration));
        _processes.Add(process);
        await process.WaitForOutput("Orchestrator silo started", $"silo on port {ports.Silo} starts");
        return (process, ports.Silo, ports.Gateway);
    }

    /// <summary>Starts a gateway, with <paramref name="settings"/> added to its configuration, and returns an HTTP client for it.</summary>
    public async Task<(ProcessHost Process, HttpClient Http)> StartApiAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort.Next();
        var configuration = Config.Api(port);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) configuration[key] = value;
        var process = ProcessHost.Start("Client.Api", ClusterConfig.AsEnvironment(configuration));
        _processes.Add(process);
        await process.WaitForOutput("(Cluster mode) listening on", $"gateway on port {port} starts");
        return (process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) }.WithApiKey());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
