using System.Net;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// The dashboard on a gateway that is only an Orleans client: its data comes from the dashboard grains of a silo in
/// another process, the way cluster mode serves it.
/// </summary>
public sealed class DashboardGatewayTests
{
    [Fact]
    public async Task Dashboard_OnAClientOnlyGateway_ShowsTheSiloOfAnotherProcess_ToThePlatformAdminOnly()
    {
        var ports = new Dictionary<string, string>
        {
            ["Orchestrator__Silo__SiloPort"] = FreePort.Next().ToString(),
            ["Orchestrator__Silo__GatewayPort"] = FreePort.Next().ToString(),
        };
        var httpPort = FreePort.Next();
        await using var silo = ProcessHost.Start("Silo", ports);
        await silo.WaitForOutput("Orchestrator silo started", "silo process starts");
        await using var api = ProcessHost.Start("Client.Api", new Dictionary<string, string>(ports.Concat(ClusterConfig.AsEnvironment(TestAuth.Settings(shellEnabled: false))))
        {
            ["Orchestrator__Mode"] = "Gateway",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
        });
        await api.WaitForOutput("(Gateway mode) listening on", "gateway process starts");

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/dashboard/DashboardCounters")).StatusCode);
        var signedIn = await browser.PostAsync(DashboardSession.LoginPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = TestAuth.AdminEmail,
            ["password"] = TestAuth.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        var counters = await Eventually.Until(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters");
                request.Headers.Add("Cookie", cookie);
                using var response = await browser.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.ReadElement();
            },
            c => c.GetProperty("hosts").EnumerateArray().Any(h => h.GetProperty("status").GetString() == "Active"),
            "the gateway's dashboard lists the silo process as active", TimeSpan.FromSeconds(30), c => c.ToString());
        Assert.Equal(1, counters.GetProperty("totalActiveHostCount").GetInt32()); // the gateway is a client, not a silo
    }
}
