using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Observability;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Deploy;

/// <summary>
/// deploy/grafana against the code: every dashboard is provisioned from the mounted folder, uses the provisioned
/// datasource, and every PromQL query names a metric a real scrape of the running system exports.
/// </summary>
public sealed partial class GrafanaDashboardTests(MetricsPortApiFactory factory) : IClassFixture<MetricsPortApiFactory>
{
    private static readonly string Grafana = System.IO.Path.Combine(RepositoryRoot.Path, "deploy", "grafana");

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
    };

    private static string[] DashboardFiles() =>
        [.. Directory.GetFiles(System.IO.Path.Combine(Grafana, "dashboards"), "*.json").Select(f => System.IO.Path.GetFileName(f)).Order()];

    public static TheoryData<string> Dashboards() => new(DashboardFiles());

    [Fact]
    public void TheFourDashboards_AreThere()
    {
        Assert.Equal(["failures.json", "job-throughput.json", "queue-lag.json", "worker-health.json"], DashboardFiles());
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void EveryPanel_QueriesTheProvisionedDatasource(string file)
    {
        using var dashboard = Load(file);
        var root = dashboard.RootElement;
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("uid").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        var panels = root.GetProperty("panels").EnumerateArray().ToArray();
        Assert.NotEmpty(panels);
        var uid = ProvisionedDatasourceUid();
        foreach (var panel in panels)
        {
            Assert.Equal(uid, panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToArray();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.Equal(uid, t.GetProperty("datasource").GetProperty("uid").GetString()));
        }
    }

    [Fact]
    public async Task EveryQuery_NamesAMetricTheSystemExports()
    {
        var exported = await ExportedSeriesNamesAsync();
        var missing = new List<string>();
        foreach (var file in DashboardFiles())
        {
            using var dashboard = Load(file);
            foreach (var expr in dashboard.RootElement.GetProperty("panels").EnumerateArray()
                .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!))
            {
                var names = MetricNames(expr);
                Assert.True(names.Count > 0, $"{file}: '{expr}' names no metric");
                missing.AddRange(names.Where(n => !exported.Contains(n)).Select(n => $"{file}: {n} in '{expr}'"));
            }
        }
        Assert.True(missing.Count == 0, "Queries name metrics the code does not export:\n" + string.Join("\n", missing));
    }

    [Theory]
    [InlineData("sum by (queue) (rate(orchestrator_jobs_created_total{state=\"x\"}[$__rate_interval]))", "orchestrator_jobs_created_total")]
    [InlineData("histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m])))", "http_request_duration_seconds_bucket")]
    [InlineData("a_total / clamp_min(b_total + c, 1e-9)", "a_total,b_total,c")]
    public void TheExtractor_FindsMetricNames_NotFunctionsLabelsOrNumbers(string expr, string expected)
    {
        Assert.Equal(expected.Split(','), MetricNames(expr).Order().ToArray());
    }

    [Fact]
    public void Provisioning_PointsAtTheMountedDashboardsFolder()
    {
        var provider = YamlNodes.LoadMapping(System.IO.Path.Combine(Grafana, "provisioning", "dashboards", "dashboards.yml"))
            .Child("providers").Items().Single();
        var compose = ComposeFile.Load(System.IO.Path.Combine(RepositoryRoot.Path, "docker-compose.yml"));
        var mounts = compose.Volumes("grafana");
        Assert.Contains(("./deploy/grafana/dashboards", provider.Child("options").Child("path").Text()!), mounts.Select(m => (m.Source, m.Target)));
        Assert.Contains(mounts, m => m.Source == "./deploy/grafana/provisioning" && m.Target == "/etc/grafana/provisioning");
    }

    /// <summary>The metric names in a PromQL expression: identifiers that are not functions, keywords, label names or numbers.</summary>
    private static HashSet<string> MetricNames(string expr)
    {
        var text = Strings().Replace(expr, "\"\"");
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Groupings().Replace(text, " ");
        return Identifiers().Matches(text).Select(m => m.Value).Where(n => !PromQlWords.Contains(n)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Series names a scrape of the embedded system shows, after a job ran: a histogram family gives its three series.</summary>
    private async Task<HashSet<string>> ExportedSeriesNamesAsync()
    {
        var http = factory.CreateClient();
        var job = await (await http.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","queue":"grafana-check"}"""))).ReadJob();
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{job.Id}")).ReadJob(), j => j.Status == Grains.Interfaces.Jobs.JobStatus.Succeeded, "a job runs");
        using var scraper = new HttpClient();
        var text = await scraper.GetStringAsync($"http://127.0.0.1:{factory.MetricsPort}/metrics");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ');
            names.Add(parts[2]);
            if (parts[3] == "histogram") names.UnionWith([parts[2] + "_bucket", parts[2] + "_sum", parts[2] + "_count"]);
        }
        return names;
    }

    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Grafana, "dashboards", file)));

    private static string ProvisionedDatasourceUid() =>
        YamlNodes.LoadMapping(System.IO.Path.Combine(Grafana, "provisioning", "datasources", "prometheus.yml"))
            .Child("datasources").Items().Single().Child("uid").Text()!;

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    /// <summary>An identifier not preceded by a digit or dot (so not the <c>e</c> of <c>1e-9</c>) and not followed by <c>(</c> (a function).</summary>
    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()")]
    private static partial Regex Identifiers();
}
