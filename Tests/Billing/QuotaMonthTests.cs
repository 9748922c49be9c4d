using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>The monthly quota period on a clock the test moves (a system of its own, as <see cref="QuotaPeriodTests"/>).</summary>
public sealed class QuotaMonthTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task AMonthlyBlock_EndsWithTheUtcMonth_NotWithTheDay()
    {
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/admin/plans/tiny-month", JsonBody("""{"includedJobsPerMonth":2}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody("""{"plan":"tiny-month"}"""))).StatusCode);
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner);
        var tenant = factory.CreateAnonymousClient().WithApiKey(key);

        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);

        var now = factory.Clock.GetUtcNow();
        var lastDayOfMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1).AddDays(-1);
        if (lastDayOfMonth > now + TimeSpan.FromHours(1))
        {
            // A later day of the same month: still blocked (the day's reset does not lift a monthly block).
            factory.Clock.Offset += lastDayOfMonth.AddHours(12) - now;
            Assert.Equal(HttpStatusCode.TooManyRequests, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
            now = factory.Clock.GetUtcNow();
        }
        factory.Clock.Offset += lastDayOfMonth.AddDays(1) - now + TimeSpan.FromMinutes(1); // the 1st of the next month, 00:01 UTC

        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
    }
}
