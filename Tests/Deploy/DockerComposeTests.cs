using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Grains.Observability;
using Orchestrator.Client.Api.Hosting;
using Orchestrator.Client.Api.RateLimits;
using Orchestrator.Grains.Hosting;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Tests.Deploy;

/// <summary>
/// docker-compose.yml and deploy/ against the code: what the processes read, the ports they listen on, and what
/// the real docker-compose accepts. No Docker daemon needed.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string[] Services = ["postgres", "redis", "silo", "api", "prometheus", "grafana"];

    /// <summary>
    /// Every environment variable the silo may be given, with where it is read. Names come from the code's constants
    /// where the code has them, so renaming a setting breaks this test rather than silently the deployment.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> SiloReads = new Dictionary<string, string>
    {
        // Silo/Program.cs: Localhost | Cluster (Silo/Hosting/SiloMode).
        [Env(OrchestratorHostingExtensions.ModeKey)] = "Silo/Program.cs (Localhost | Cluster)",
        [Env($"ConnectionStrings:{ClusterSettings.ConnectionStringName}")] = "Grains/Hosting/ClusterSettings.RequireConnectionString",
        [Env($"{ClusterSettings.Section}:{nameof(ClusterSettings.ClusterId)}")] = "Grains/Hosting/ClusterSettings.From",
        [Env($"{ClusterSettings.Section}:{nameof(ClusterSettings.ServiceId)}")] = "Grains/Hosting/ClusterSettings.From",
        [Env($"{SiloPortsOptions.Section}:{nameof(SiloPortsOptions.SiloPort)}")] = "Grains/Hosting/SiloPortsOptions",
        [Env($"{SiloPortsOptions.Section}:{nameof(SiloPortsOptions.GatewayPort)}")] = "Grains/Hosting/SiloPortsOptions",
        [Env($"{SiloPortsOptions.Section}:{nameof(SiloPortsOptions.AdvertisedAddress)}")] = "Grains/Hosting/SiloPortsOptions",
        // Silo/Program.cs runs the sql/ migrator at start (under a PostgreSQL advisory lock) when this is true.
        [Env($"{Orchestrator.Silo.Hosting.DatabaseOptions.Section}:{nameof(Orchestrator.Silo.Hosting.DatabaseOptions.MigrateOnStart)}")] = "Silo/Hosting/DatabaseOptions",
        // The silo's /metrics HTTP endpoint.
        [Env(MetricsPortServer.PortKey)] = "Grains/Observability/MetricsPortServer",
        // The Orleans dashboard's grains and call profiler.
        [Env(DashboardSettings.EnabledKey)] = "Grains/Hosting/OrchestratorSiloBuilderExtensions.AddOrchestratorDashboard",
        // Microsoft.Extensions.Logging.Console: ConsoleLoggerOptions.FormatterName, bound by the default host builder.
        ["Logging__Console__FormatterName"] = "Microsoft.Extensions.Logging.Console",
    };

    /// <summary>Every environment variable the HTTP gateway may be given, with where it is read.</summary>
    private static readonly IReadOnlyDictionary<string, string> ApiReads = new Dictionary<string, string>
    {
        // Client.Api/Hosting/OrchestratorHostingExtensions.GetOrchestratorMode: Embedded | Gateway | Cluster.
        [Env(OrchestratorHostingExtensions.ModeKey)] = "Client.Api/Hosting/OrchestratorHostingExtensions.GetOrchestratorMode",
        // The cluster-mode Orleans client finds the silos in the same membership table as they do.
        [Env($"ConnectionStrings:{ClusterSettings.ConnectionStringName}")] = "Grains/Hosting/ClusterSettings.RequireConnectionString",
        [Env($"{ClusterSettings.Section}:{nameof(ClusterSettings.ClusterId)}")] = "Grains/Hosting/ClusterSettings.From",
        [Env($"{ClusterSettings.Section}:{nameof(ClusterSettings.ServiceId)}")] = "Grains/Hosting/ClusterSettings.From",
        // StackExchange.Redis configuration of the Redis where the gateways share their rate-limit budgets.
        [Env(RateLimitExtensions.RedisConfigurationKey)] = "Client.Api/RateLimits/RateLimitExtensions.AddOrchestratorRateLimits",
        // The JWT signing key every gateway shares, the platform admin, and the seeded default tenant.
        [Env($"{AuthOptions.Section}:{nameof(AuthOptions.SigningKey)}")] = "Client.Api/Auth/AuthOptions",
        [Env($"{AuthOptions.Section}:{nameof(AuthOptions.PlatformAdmin)}:{nameof(PlatformAdminOptions.Email)}")] = "Client.Api/Auth/PlatformAdmin",
        [Env($"{AuthOptions.Section}:{nameof(AuthOptions.PlatformAdmin)}:{nameof(PlatformAdminOptions.Password)}")] = "Client.Api/Auth/PlatformAdmin",
        [Env($"{DefaultTenantOptions.Section}:{nameof(DefaultTenantOptions.Enabled)}")] = "Client.Api/Auth/DefaultTenantSeeder",
        [Env($"{DefaultTenantOptions.Section}:{nameof(DefaultTenantOptions.ApiKey)}")] = "Client.Api/Auth/DefaultTenantSeeder",
        // /metrics for Prometheus on a port of its own.
        [Env(MetricsPortServer.PortKey)] = "Grains/Observability/MetricsPortServer",
        // The Orleans dashboard at /dashboard.
        [Env(DashboardSettings.EnabledKey)] = "Client.Api/Apis/DashboardApi.MapDashboardApi",
        // ASP.NET Core: the ports Kestrel listens on over HTTP.
        ["ASPNETCORE_HTTP_PORTS"] = "ASP.NET Core (Kestrel)",
        // Microsoft.Extensions.Logging.Console: ConsoleLoggerOptions.FormatterName, bound by the default host builder.
        ["Logging__Console__FormatterName"] = "Microsoft.Extensions.Logging.Console",
    };

    private readonly ComposeFile _compose = ComposeFile.Load(RepositoryRoot.Combine("docker-compose.yml"));

    public static TheoryData<string> EveryService => new(Services);

    public static TheoryData<string> OrchestratorServices => new("silo", "api");

    [Fact]
    public void Compose_DefinesTheSixServices()
    {
        Assert.Equal(Services.Order(), _compose.ServiceNames.Order());
    }

    [Theory]
    [MemberData(nameof(EveryService))]
    public void Service_RunsAnImagePinnedToATag_OrOneBuiltFromPinnedBaseImages(string service)
    {
        var images = _compose.Service(service).Child("image").Text() is { } pulled
            ? [pulled]
            : DockerfileBaseImages(service);

        Assert.NotEmpty(images);
        foreach (var image in images)
        {
            var tag = Tag(image);
            Assert.True(tag is not null && tag != "latest", $"{service}: image '{image}' is not pinned to a tag other than latest.");
        }
    }

    [Theory]
    [InlineData("silo", "Silo/Dockerfile")]
    [InlineData("api", "Client.Api/Dockerfile")]
    public void OrchestratorService_IsBuiltFromItsDockerfile_WithTheRepositoryAsContext(string service, string dockerfile)
    {
        var build = _compose.Service(service).Child("build");

        Assert.Equal(".", build.Child("context").Text());
        Assert.Equal(dockerfile, build.Child("dockerfile").Text());
        Assert.True(File.Exists(RepositoryRoot.Combine(dockerfile)), $"{dockerfile} does not exist.");
    }

    [Fact]
    public void Silo_CanBeScaled_WithNoHostPortsAndNoContainerName()
    {
        var silo = _compose.Service("silo");

        Assert.Empty(_compose.Ports("silo"));
        Assert.Null(silo.Child("container_name"));
        Assert.Null(silo.Child("network_mode"));
        // Each replica must advertise its own container address, which is the code's default when this is unset.
        Assert.DoesNotContain(Env($"{SiloPortsOptions.Section}:{nameof(SiloPortsOptions.AdvertisedAddress)}"), _compose.Environment("silo").Keys);
    }

    [Fact]
    public void Api_Publishes8080_TheHttpPortItListensOn()
    {
        Assert.Contains(("8080", "8080"), _compose.Ports("api"));
        Assert.Equal("8080", _compose.Environment("api")["ASPNETCORE_HTTP_PORTS"]);
    }

    [Theory]
    [MemberData(nameof(EveryService))]
    public void Service_HasAHealthcheck(string service)
    {
        var healthcheck = _compose.Service(service).Child("healthcheck");
        var test = _compose.HealthcheckTest(service);

        Assert.True(test.Count >= 2 && test[0] is "CMD" or "CMD-SHELL", $"{service}: healthcheck test is [{string.Join(", ", test)}].");
        Assert.NotEqual("true", healthcheck.Child("disable").Text());
    }

    [Fact]
    public void Postgres_IsInitialisedFromTheSqlFolder()
    {
        Assert.Contains(_compose.Volumes("postgres"), v => v.Source is "./sql" or "./sql/" && v.Target == "/docker-entrypoint-initdb.d");
        Assert.NotEmpty(Directory.GetFiles(RepositoryRoot.Combine("sql"), "*.sql"));
    }

    [Theory]
    [MemberData(nameof(EveryService))]
    public void Service_BindMountsOnlyPathsThatExistInTheRepository(string service)
    {
        foreach (var (source, _) in _compose.Volumes(service).Where(v => v.Source.StartsWith("./", StringComparison.Ordinal)))
        {
            var path = RepositoryRoot.Combine(source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{service} mounts {source}, which is not in the repository.");
        }
    }

    [Theory]
    [MemberData(nameof(OrchestratorServices))]
    public void OrchestratorService_IsGivenOnlySettingsTheCodeReads(string service)
    {
        var reads = service == "silo" ? SiloReads : ApiReads;

        var unknown = _compose.Environment(service).Keys.Where(name => !reads.ContainsKey(name)).ToList();

        Assert.True(unknown.Count == 0, $"{service} is given settings nothing reads: {string.Join(", ", unknown)}.");
    }

    [Theory]
    [MemberData(nameof(OrchestratorServices))]
    public void OrchestratorService_RunsInClusterMode(string service)
    {
        Assert.Equal("Cluster", _compose.Environment(service)[Env(OrchestratorHostingExtensions.ModeKey)]);
    }

    [Theory]
    [MemberData(nameof(OrchestratorServices))]
    public void OrchestratorService_ConnectsToTheComposeDatabase_WithItsCredentials(string service)
    {
        var postgres = _compose.Environment("postgres");
        var connection = new DbConnectionStringBuilder
        {
            ConnectionString = _compose.Environment(service)[Env($"ConnectionStrings:{ClusterSettings.ConnectionStringName}")],
        };

        Assert.Equal("postgres", connection["Host"]);
        Assert.Equal(postgres["POSTGRES_DB"], connection["Database"]);
        Assert.Equal(postgres["POSTGRES_USER"], connection["Username"]);
        Assert.Equal(postgres["POSTGRES_PASSWORD"], connection["Password"]);
    }

    [Fact]
    public void SiloAndApi_AgreeOnTheDashboard()
    {
        var key = Env(DashboardSettings.EnabledKey);
        Assert.Equal(_compose.Environment("silo")[key], _compose.Environment("api")[key]);
    }

    [Fact]
    public void SiloAndApi_NameTheSameCluster()
    {
        foreach (var name in new[] { nameof(ClusterSettings.ClusterId), nameof(ClusterSettings.ServiceId) })
        {
            var key = Env($"{ClusterSettings.Section}:{name}");
            Assert.Equal(_compose.Environment("silo").GetValueOrDefault(key), _compose.Environment("api").GetValueOrDefault(key));
        }
    }

    [Fact]
    public void SiloHealthcheck_AsksForReadyz_OnTheMonitoringPort()
    {
        var test = string.Join(' ', _compose.HealthcheckTest("silo"));

        Assert.Equal(_compose.Environment("silo")[Env(MetricsPortServer.PortKey)], ProbedPort(_compose.HealthcheckTest("silo")));
        Assert.Contains("GET /readyz ", test);
    }

    [Fact]
    public void ApiHealthcheck_AsksForReadyz_OnTheHttpPort()
    {
        var test = string.Join(' ', _compose.HealthcheckTest("api"));

        Assert.Equal(_compose.Environment("api")["ASPNETCORE_HTTP_PORTS"], ProbedPort(_compose.HealthcheckTest("api")));
        Assert.Contains("GET /readyz ", test);
    }

    [Fact]
    public void Prometheus_ScrapesTheApiOnItsMetricsPort()
    {
        var target = $"api:{_compose.Environment("api")[Env(MetricsPortServer.PortKey)]}";

        var job = ScrapeConfigs().SingleOrDefault(c =>
            c.Child("static_configs").Items().Any(s => s.Child("targets").Items().Any(t => t.Text() == target)));

        Assert.True(job is not null, $"deploy/prometheus.yml has no scrape config with target {target}.");
        Assert.Equal("/metrics", job.Child("metrics_path").Text() ?? "/metrics");
    }

    [Fact]
    public void Prometheus_FindsEverySiloReplicaByDns_OnTheSiloMetricsPort()
    {
        var metricsPort = _compose.Environment("silo")[Env(MetricsPortServer.PortKey)];

        var discovery = ScrapeConfigs()
            .SelectMany(c => c.Child("dns_sd_configs").Items())
            .SingleOrDefault(d => d.Child("names").Items().Any(n => n.Text() == "silo"));

        Assert.True(discovery is not null, "deploy/prometheus.yml does not discover the silo service by DNS.");
        Assert.Equal("A", discovery.Child("type").Text());
        Assert.Equal(metricsPort, discovery.Child("port").Text());
    }

    [Fact]
    public async Task DockerCompose_AcceptsTheFile()
    {
        var executable = (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "docker-compose"))
            .FirstOrDefault(File.Exists);
        Assert.True(executable is not null,
            "docker-compose is not on PATH; test.sh installs it (apt-get install docker-compose). This test checks the file with the real tool.");

        var (exitCode, output) = await Run(executable, ["-f", RepositoryRoot.Combine("docker-compose.yml"), "config", "-q"], TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"docker-compose config -q exited with {exitCode}:\n{output}");
    }

    private static string Env(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    private static string? Tag(string image)
    {
        var name = image.Split('@')[0];
        var colon = name.IndexOf(':', name.LastIndexOf('/') + 1);
        return colon < 0 ? null : name[(colon + 1)..];
    }

    private static string ProbedPort(IReadOnlyList<string> test)
    {
        var match = Regex.Match(string.Join(' ', test), @"/dev/tcp/[^/\s]+/(\d+)");
        Assert.True(match.Success, $"the healthcheck [{string.Join(", ", test)}] probes no /dev/tcp port.");
        return match.Groups[1].Value;
    }

    private List<string> DockerfileBaseImages(string service)
    {
        var dockerfile = _compose.Service(service).Child("build").Child("dockerfile").Text();
        if (dockerfile is null) return [];
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var images = new List<string>();
        foreach (var line in File.ReadLines(RepositoryRoot.Combine(dockerfile)))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is not ["FROM" or "from", ..]) continue;
            var image = words.Skip(1).First(w => !w.StartsWith("--", StringComparison.Ordinal));
            if (!stages.Contains(image)) images.Add(image);
            if (words.Length >= 4 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase)) stages.Add(words[^1]);
        }
        return images;
    }

    private static IReadOnlyList<YamlNode> ScrapeConfigs() =>
        YamlNodes.LoadMapping(RepositoryRoot.Combine("deploy/prometheus.yml")).Child("scrape_configs").Items();

    private static async Task<(int ExitCode, string Output)> Run(string executable, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
