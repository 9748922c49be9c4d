using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orchestrator.Client;
using Orchestrator.Client.Hosting;
using Orchestrator.Client.Jobs;

namespace Orchestrator.Tests.Client;

/// <summary>How <c>AddOrchestratorClient</c> reads its configuration: which transport, and what fails start-up.</summary>
public sealed class AddOrchestratorClientTests
{
    [Theory]
    [InlineData("https://orchestrator.example.com", "HttpJobs")]
    [InlineData(null, "GrainJobs")]
    public void Url_SelectsTheTransport(string? url, string jobsImplementation)
    {
        var settings = new Dictionary<string, string?> { ["Orchestrator:Client:Url"] = url, ["Orchestrator:Client:ApiKey"] = "orch_x_y" };
        using var host = ClientHosts.Builder(settings).Build();

        Assert.Equal(jobsImplementation, host.Services.GetRequiredService<IOrchestratorClient>().Jobs.GetType().Name);
        Assert.Same(host.Services.GetRequiredService<IJobs>(), host.Services.GetRequiredService<IOrchestratorClient>().Jobs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://orchestrator.example.com")]
    public void CalledTwice_RegistersOnce(string? url)
    {
        var settings = new Dictionary<string, string?> { ["Orchestrator:Client:Url"] = url, ["Orchestrator:Client:ApiKey"] = "orch_x_y" };
        var builder = ClientHosts.Builder(settings);
        var before = builder.Services.Count;

        builder.Services.AddOrchestratorClient(builder.Configuration);

        Assert.Equal(before, builder.Services.Count);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IOrchestratorClient));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IValidateOptions<OrchestratorClientOptions>));
    }

    public static TheoryData<Dictionary<string, string?>, string> InvalidSettings => new()
    {
        { new() { ["Orchestrator:Client:Url"] = "https://orchestrator.example.com" }, "Orchestrator:Client:ApiKey is required" },
        { new() { ["Orchestrator:Client:Url"] = "ftp://orchestrator.example.com", ["Orchestrator:Client:ApiKey"] = "orch_x_y" }, "Orchestrator:Client:Url must be an absolute http(s) URL" },
        { new() { ["Orchestrator:Client:TenantId"] = " " }, "Orchestrator:Client:TenantId is required" },
        { new() { ["Orchestrator:Client:GatewayPort"] = "0" }, "Orchestrator:Client:GatewayPort must be a port number" },
        { new() { ["Orchestrator:Client:MaxPollInterval"] = "00:00:00" }, "Orchestrator:Client:MaxPollInterval must be positive" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task BadSettings_FailStart_NamingTheKey(Dictionary<string, string?> settings, string message)
    {
        using var host = ClientHosts.Builder(settings).Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public void AdoNet_WithoutConnectionString_FailsAtRegistration_NamingBothKeys()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => ClientHosts.Builder(new() { ["Orchestrator:Client:Clustering"] = "AdoNet" }));

        Assert.Contains("set Orchestrator:Client:ConnectionString or ConnectionStrings:Orchestrator", failure.Message);
    }

    [Fact]
    public void AdoNet_TakesTheClusterConnectionString_WhenTheClientHasNone()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orchestrator:Client:Clustering"] = "AdoNet",
            ["ConnectionStrings:Orchestrator"] = "Host=db;Database=orchestrator",
        };
        using var host = ClientHosts.Builder(settings).Build();

        var options = host.Services.GetRequiredService<IOptions<OrchestratorClientOptions>>().Value;

        Assert.Equal(("Host=db;Database=orchestrator", "orchestrator", "orchestrator"), (options.ConnectionString, options.ClusterId, options.ServiceId));
    }
}
