using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// Quota periods on a clock the test moves (its own system: the jump moves every clock of it). The tenant signs in
/// with an API key, which outlives the jump, where a 15-minute access token would not.
/// </summary>
public sealed class QuotaPeriodTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task ABlock_EndsWithTheUtcDay()
    {
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/admin/plans/tiny-strict", JsonBody("""{"includedJobsPerDay":3}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody("""{"plan":"tiny-strict"}"""))).StatusCode);
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner);
        var tenant = factory.CreateAnonymousClient().WithApiKey(key);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
        var refused = await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var now = factory.Clock.GetUtcNow();
        var nextDay = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, (nextDay - now).TotalSeconds - 5, (nextDay - now).TotalSeconds + 5);

        factory.Clock.Offset += nextDay - now + TimeSpan.FromMinutes(1);

        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
    }
}
