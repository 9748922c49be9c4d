using System.Diagnostics;
using System.Net;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.RateLimits;

/// <summary>Gateway settings for the shared-limit test: limits on, budgets in the test Redis, a small tenant burst.</summary>
public class RedisLimitedApiFactory(int siloPort, int gatewayPort, string mode) : ApiFactory
{
    public const int Burst = 10;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Mode"] = mode,
        ["Orchestrator:Silo:SiloPort"] = siloPort.ToString(),
        ["Orchestrator:Silo:GatewayPort"] = gatewayPort.ToString(),
        ["Orchestrator:Redis:Configuration"] = TestRedis.Configuration,
        ["Orchestrator:RateLimits:Enabled"] = "true",
        ["Orchestrator:RateLimits:TenantBurst"] = Burst.ToString(),
        ["Orchestrator:RateLimits:TenantRequestsPerSecond"] = "1",
        ["Orchestrator:RateLimits:AnonymousBurst"] = "1000",
        ["Orchestrator:RateLimits:AnonymousRequestsPerMinute"] = "60000",
    };
}

/// <summary>
/// Two gateways in front of one cluster — an embedded one (with the silo) and a gateway-only one connected to it —
/// share one tenant's budget through a real redis-server: together they allow the burst once, not once each.
/// </summary>
public sealed class SharedGatewayLimitTests
{
    [Fact]
    public async Task TwoGateways_OnOneRedis_ShareATenantsBudget_And429CarriesRetryAfter()
    {
        int siloPort = FreePort.Next(), gatewayPort = FreePort.Next();
        await using var first = new RedisLimitedApiFactory(siloPort, gatewayPort, "Embedded");
        var anonymous = first.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var token = (await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail)).Access;
        await using var second = new RedisLimitedApiFactory(FreePort.Next(), gatewayPort, "Gateway");
        var gateways = new[] { first.CreateAnonymousClient().WithBearer(token), second.CreateAnonymousClient().WithBearer(token) };

        var clock = Stopwatch.StartNew();
        var allowed = new int[2];
        var limited = new List<HttpResponseMessage>();
        for (var i = 0; i < 4 * RedisLimitedApiFactory.Burst; i++)
        {
            var response = await gateways[i % 2].GetAsync("/v1/jobs/counts");
            if (response.StatusCode == HttpStatusCode.OK) allowed[i % 2]++;
            else if (response.StatusCode == HttpStatusCode.TooManyRequests) limited.Add(response);
            else Assert.Fail($"request {i}: unexpected {(int)response.StatusCode}");
        }
        var elapsed = clock.Elapsed;

        // One shared budget: the burst plus what refilled at 1/s meanwhile. Separate budgets would allow 2 × burst.
        var total = allowed.Sum();
        Assert.InRange(total, RedisLimitedApiFactory.Burst, RedisLimitedApiFactory.Burst + (int)Math.Ceiling(elapsed.TotalSeconds));
        Assert.True(allowed.All(a => a > 0), $"both gateways served some requests: {allowed[0]} and {allowed[1]}");
        Assert.NotEmpty(limited);
        var problem = await limited[0].Content.ReadAsStringAsync();
        Assert.Contains("/problems/rate-limited", problem);
        Assert.True(int.Parse(limited[0].Headers.GetValues("Retry-After").Single()) >= 1, "Retry-After is a whole number of seconds");
    }
}
