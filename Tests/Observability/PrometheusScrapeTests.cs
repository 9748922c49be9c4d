using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package, installed by test.sh) scrapes a gateway's monitoring port on
/// loopback, and a counter comes back through its query API: the exposition is one Prometheus really reads.
/// </summary>
public sealed class PrometheusScrapeTests(MetricsPortApiFactory factory) : IClassFixture<MetricsPortApiFactory>
{
    private const int Jobs = 5;

    [Fact]
    public async Task APrometheusScrapingTheGateway_ReturnsTheJobsCreatedOnAQueue()
    {
        var binary = FindOnPath("prometheus")
            ?? throw new InvalidOperationException("This test needs Debian's prometheus package (prometheus on PATH); ./test.sh installs it.");
        var http = factory.CreateClient(); // starts the gateway and its monitoring port
        var directory = Directory.CreateTempSubdirectory("orchestrator-prometheus-");
        try
        {
            var config = Path.Combine(directory.FullName, "prometheus.yml");
            await File.WriteAllTextAsync(config, $"""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: gateway
                    static_configs:
                      - targets: ['127.0.0.1:{factory.MetricsPort}']
                """);
            var port = FreePort.Next();
            await using var prometheus = ProcessHost.StartCommand(binary,
                [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}", $"--web.listen-address=127.0.0.1:{port}"],
                directory.FullName, new Dictionary<string, string>());
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.Until(() => StatusOf(api, "/-/ready"), s => s == HttpStatusCode.OK || prometheus.HasExited, "Prometheus starts", TimeSpan.FromSeconds(60));
            Assert.False(prometheus.HasExited, $"Prometheus exited at start:\n{prometheus.Output}");

            var queue = $"prom-{Guid.NewGuid():N}"[..20];
            for (var i = 0; i < Jobs; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/v1/jobs", JsonBody($$$"""{"type":"noop","queue":"{{{queue}}}"}"""))).StatusCode);
            }

            var query = $"sum(orchestrator_jobs_created_total{{queue=\"{queue}\"}})";
            var value = await Eventually.Until(() => QueryAsync(api, query), v => v == Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Prometheus answers {query} with {Jobs}", TimeSpan.FromSeconds(60), describe: v => $"{v ?? "no sample"}; Prometheus output:\n{prometheus.Output}");
            Assert.Equal(Jobs, int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The value of an instant query's only sample, or null while there is none.</summary>
    private static async Task<string?> QueryAsync(HttpClient api, string query)
    {
        using var response = await api.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = body.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
    }

    private static async Task<HttpStatusCode?> StatusOf(HttpClient api, string path)
    {
        try
        {
            using var response = await api.GetAsync(path);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // not listening yet
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);
}
