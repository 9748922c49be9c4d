using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Grains.Observability;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Observability;

/// <summary>When the Orleans dashboard is on: by default everywhere but cluster mode; the setting wins.</summary>
public sealed class DashboardSettingsTests
{
    [Theory]
    [InlineData(null, null, true)]              // embedded gateway, localhost silo, test clusters
    [InlineData("Embedded", null, true)]
    [InlineData("Gateway", null, true)]
    [InlineData("Localhost", null, true)]
    [InlineData("Cluster", null, false)]        // the profiler costs every grain call: production opts in
    [InlineData("cluster", null, false)]
    [InlineData("Cluster", "true", true)]
    [InlineData("Embedded", "false", false)]
    public void IsEnabled_ByModeAndSetting(string? mode, string? enabled, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DashboardSettings.ModeKey] = mode,
            [DashboardSettings.EnabledKey] = enabled,
        }).Build();

        Assert.Equal(expected, DashboardSettings.IsEnabled(configuration));
    }
}

/// <summary>An embedded gateway with the dashboard switched off.</summary>
public sealed class DashboardOffApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [DashboardSettings.EnabledKey] = "false",
    };
}

/// <summary>Switched off, the dashboard is gone: no page, no sign-in, no profiler on the silo.</summary>
public sealed class DashboardOffTests(DashboardOffApiFactory factory) : IClassFixture<DashboardOffApiFactory>
{
    [Fact]
    public async Task DashboardOff_MapsNothing_AndTheSiloHasNoProfiler()
    {
        using var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync(Orchestrator.Client.Api.Auth.DashboardSession.LoginPath)).StatusCode);
        Assert.Empty(factory.Services.GetServices<Orleans.IIncomingGrainCallFilter>());
    }
}
