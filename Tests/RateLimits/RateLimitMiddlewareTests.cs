using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Problems;
using Orchestrator.Client.Api.RateLimits;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.RateLimits;

/// <summary>
/// The middleware in a small app of its own (a stand-in sign-in from test headers, one endpoint, the probes), so these
/// tests do not depend on the gateway's authentication.
/// </summary>
public class RateLimitMiddlewareTests
{
    private const string TenantHeader = "X-Test-Tenant";
    private const string AdminHeader = "X-Test-Admin";
    private const string AddressHeader = "X-Test-Address";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Anonymous_OverTheBurst_Gets429ProblemWithRetryAfter_ThenIsServedWhenItRefills()
    {
        await using var app = await StartAsync(new() { ["AnonymousRequestsPerMinute"] = "6", ["AnonymousBurst"] = "3" });
        var client = app.GetTestClient();

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ping")).StatusCode);
        var limited = await client.GetAsync("/ping");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal("10", limited.Headers.GetValues("Retry-After").Single());
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemTypes.RateLimited, problem.GetProperty("type").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("The limit per client address is 6 requests per minute with bursts of 3; retry after 10 s.", problem.GetProperty("detail").GetString());

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ping")).StatusCode);
    }

    [Fact]
    public async Task Tenant_OverItsBurst_IsLimited_WhileOtherTenantsAdminsAndAddressesAreServed()
    {
        await using var app = await StartAsync(new() { ["TenantRequestsPerSecond"] = "1", ["TenantBurst"] = "2", ["AnonymousBurst"] = "1" });
        var client = app.GetTestClient();

        var acme = await SendAsync(client, 3, (TenantHeader, "acme"));
        var globex = await SendAsync(client, 1, (TenantHeader, "globex"));
        var admin = await SendAsync(client, 2, (AdminHeader, "root"));
        var anonymousA = await SendAsync(client, 1, (AddressHeader, "203.0.113.7"));
        var anonymousB = await SendAsync(client, 2, (AddressHeader, "203.0.113.8"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], acme.Select(r => r.StatusCode));
        Assert.Equal("1", acme[2].Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, globex.Single().StatusCode);
        Assert.All(admin, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, anonymousA.Single().StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], anonymousB.Select(r => r.StatusCode));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    public async Task ProbesAndMetrics_AreNeverLimited(string path)
    {
        await using var app = await StartAsync(new() { ["AnonymousBurst"] = "1" });
        var client = app.GetTestClient();
        await client.GetAsync("/ping");

        var responses = await SendAsync(client, 5, path: path);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/ping")).StatusCode);
    }

    [Fact]
    public async Task Disabled_LimitsNothing()
    {
        await using var app = await StartAsync(new() { ["Enabled"] = "false", ["AnonymousBurst"] = "1" });

        var responses = await SendAsync(app.GetTestClient(), 5);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task RedisDown_FailClosed_Answers503ProblemWithRetryAfter()
    {
        await using var app = await StartAsync(new() { ["FailOpen"] = "false" }, redis: $"127.0.0.1:{FreePort.Next()}");

        var response = await app.GetTestClient().GetAsync("/ping");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemTypes.Unavailable, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task RedisDown_FailOpen_KeepsServingWithinTheLocalBudget()
    {
        await using var app = await StartAsync(new() { ["AnonymousBurst"] = "2" }, redis: $"127.0.0.1:{FreePort.Next()}");

        var responses = await SendAsync(app.GetTestClient(), 3);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
    }

    [Theory]
    [InlineData("TenantRequestsPerSecond", "0")]
    [InlineData("TenantBurst", "0")]
    [InlineData("AnonymousRequestsPerMinute", "-1")]
    [InlineData("AnonymousBurst", "0")]
    [InlineData("RedisRetryAfter", "00:00:00")]
    [InlineData("RedisTimeout", "00:01:00")]
    public async Task InvalidOptions_FailStart_NamingTheKey(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));

        Assert.Contains($"{RateLimitOptions.Section}:{key}", failure.Message);
    }

    [Fact]
    public void InvalidRedisConfiguration_FailsAtRegistration_NamingTheKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [RateLimitExtensions.RedisConfigurationKey] = "127.0.0.1:6379,password=secret,nonsense=1" })
            .Build();

        var failure = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddOrchestratorRateLimits(configuration));

        Assert.Contains(RateLimitExtensions.RedisConfigurationKey, failure.Message);
        Assert.DoesNotContain("secret", failure.Message);
    }

    [Fact]
    public void AddOrchestratorRateLimits_Twice_RegistersOnce()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();

        services.AddOrchestratorRateLimits(configuration).AddOrchestratorRateLimits(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(IRateLimiter));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<RateLimitOptions>));
    }

    [Fact]
    public void UseWithoutAdd_FailsSayingWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();

        var failure = Assert.Throws<InvalidOperationException>(() => app.UseOrchestratorRateLimits());

        Assert.Contains(nameof(RateLimitExtensions.AddOrchestratorRateLimits), failure.Message);
    }

    private async Task<WebApplication> StartAsync(Dictionary<string, string> options, string redis = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var settings = options.ToDictionary(o => $"{RateLimitOptions.Section}:{o.Key}", string? (o) => o.Value);
        settings[RateLimitExtensions.RedisConfigurationKey] = redis;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddOrchestratorRateLimits(builder.Configuration);

        var app = builder.Build();
        app.Use(SignInFromTestHeaders);
        app.UseOrchestratorRateLimits();
        app.MapGet("/ping", () => "pong");
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/readyz", () => "ok");
        app.MapGet("/metrics", () => "ok");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>Stands in for authentication: the claims a real sign-in produces, from test headers.</summary>
    private static Task SignInFromTestHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Request.Headers;
        if (headers[TenantHeader].ToString() is { Length: > 0 } tenant)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new(OrchestratorClaims.Subject, "user-1"), new(OrchestratorClaims.Tenant, tenant), new(OrchestratorClaims.Role, Roles.Operator)], "Test"));
        }
        else if (headers[AdminHeader].ToString() is { Length: > 0 } admin)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new(OrchestratorClaims.Subject, admin), new(OrchestratorClaims.Role, Roles.PlatformAdmin)], "Test"));
        }
        if (headers[AddressHeader].ToString() is { Length: > 0 } address) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return next(context);
    }

    private static async Task<HttpResponseMessage[]> SendAsync(HttpClient client, int count, (string Name, string Value)? header = null, string path = "/ping")
    {
        var responses = new HttpResponseMessage[count];
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (header is { } h) request.Headers.Add(h.Name, h.Value);
            responses[i] = await client.SendAsync(request);
        }
        return responses;
    }
}
