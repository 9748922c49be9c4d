using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Tests.Jobs;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// The gateway in embedded mode (co-hosted silo on free ports) with the test handlers registered. Clients from
/// <c>CreateClient()</c> send the seeded default tenant's API key (<see cref="TestAuth"/>); <see cref="CreateAnonymousClient"/> sends nothing.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new JsonDuration.Converter() },
    };

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orchestrator:Silo:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orchestrator:Silo:GatewayPort", FreePort.Next().ToString());
        foreach (var (key, value) in TestAuth.Settings(shellEnabled: false)) builder.UseSetting(key, value);
        // Every request of a TestServer comes from one unknown address, so the anonymous budget would throttle test
        // set-ups (sign-ups, sign-ins); the rate limit tests turn limits on for themselves.
        builder.UseSetting("Orchestrator:RateLimits:Enabled", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(TestHandlers.AddTo);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.WithApiKey();
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-API-Key");
        return client;
    }
}

/// <summary>JSON helpers for API tests.</summary>
public static class ApiJson
{
    public static async Task<JobResponse> ReadJob(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JobResponse>(ApiFactory.Json))!;

    public static async Task<JsonElement> ReadElement(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(ApiFactory.Json));

    public static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
