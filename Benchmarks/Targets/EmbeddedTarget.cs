using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Benchmarks.Targets;

/// <summary>
/// Embedded mode: a silo co-hosted in this process (what <c>dotnet run --project Client.Api</c> runs). For HTTP the
/// gateway runs as its own embedded-mode process and the harness only talks HTTP to it.
/// </summary>
public sealed class EmbeddedTarget : IBenchTarget
{
    private readonly IHost? _host;
    private readonly ChildProcess? _api;

    private EmbeddedTarget(IHost? host, ChildProcess? api, HttpClient? http)
    {
        _host = host;
        _api = api;
        Http = http;
    }

    public string Description => Http is null ? "embedded, grain client in-process" : $"embedded, HTTP to Client.Api process ({BenchCredentials.Settings})";
    public IGrainFactory Grains => _host?.Services.GetRequiredService<IGrainFactory>() ?? throw new InvalidOperationException("HTTP target: use Http.");
    public HttpClient? Http { get; }

    public static async Task<EmbeddedTarget> StartAsync(bool viaHttp, IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orchestrator:Silo:SiloPort"] = ChildProcess.FreePort().ToString(),
            ["Orchestrator:Silo:GatewayPort"] = ChildProcess.FreePort().ToString(),
        };
        foreach (var (k, v) in extra) settings[k] = v;
        if (viaHttp)
        {
            var port = ChildProcess.FreePort();
            var env = settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!);
            env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            foreach (var (k, v) in BenchCredentials.Environment()) env[k] = v;
            var api = await ChildProcess.StartAsync("Client.Api", env, "listening on");
            return new EmbeddedTarget(null, api, BenchCredentials.Client(port));
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseOrchestratorLocalhost(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new EmbeddedTarget(host, null, null);
    }

    public async Task<Dictionary<JobStatus, long>> CountsAsync() => Http is null
        ? await Grains.GetGrain<IJobQueryGrain>(0).CountByStatus(JobIds.DefaultTenant)
        : (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Dictionary<JobStatus, long>>(Http, "/v1/jobs/counts", Json.Options))!;

    public async Task<IReadOnlyList<(DateTimeOffset Due, DateTimeOffset Started)>> StartsAsync(IReadOnlyList<Guid> jobIds)
    {
        var result = new List<(DateTimeOffset, DateTimeOffset)>(jobIds.Count);
        foreach (var chunk in jobIds.Chunk(500))
        {
            var views = await Task.WhenAll(chunk.Select(id => Grains.GetGrain<IJobGrain>(JobIds.GrainKey(JobIds.DefaultTenant, id)).Get()));
            result.AddRange(views.Select(v => (v!.RunAt, v.Attempts[0].StartedAt)));
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        if (_api is not null) await _api.DisposeAsync();
        Http?.Dispose();
    }
}
