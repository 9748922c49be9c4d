using System.Net;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// A plan's grace days (<c>graceDays</c>) on a clock the test moves: over the monthly limit, submissions are accepted
/// with a warning for that many days after the limit was reached, then refused with 429 quota-exceeded and a
/// Retry-After counted on the system's clock to the start of the next UTC month.
/// </summary>
public sealed class QuotaGraceDaysTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task OverTheMonthlyLimit_GraceDaysAccept_WithAWarning_ThenA429_UntilTheNextMonth()
    {
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/admin/plans/grace-days", JsonBody("""{"includedJobsPerMonth":3,"graceDays":2}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody("""{"plan":"grace-days"}"""))).StatusCode);
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner);
        var tenant = factory.CreateAnonymousClient().WithApiKey(key); // an API key outlives the jumps below; tokens would not

        // The 5th of next month, 00:30 UTC: the grace days and the jumps below stay inside one month whatever today is.
        var start = factory.Clock.GetUtcNow();
        var fifth = new DateTimeOffset(start.Year, start.Month, 1, 0, 30, 0, TimeSpan.Zero).AddMonths(1).AddDays(4);
        factory.Clock.Offset += fifth - start;
        var nextMonth = new DateTimeOffset(fifth.Year, fifth.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);

        var warnings = new List<string?>();
        for (var i = 0; i < 5; i++) warnings.Add(await SubmitAcceptedAsync(tenant));
        Assert.Null(warnings[0]);
        Assert.Contains("3 of 3 jobs of the monthly quota used (100%)", warnings[2]);              // the limit reached: grace days start
        Assert.Contains("Over the monthly quota: 4 of 3 jobs", warnings[3]);
        Assert.Contains("accepts up to its grace days before blocking", warnings[4]);

        // A day later (inside the 2 grace days): still accepted, still warned.
        factory.Clock.Offset += TimeSpan.FromDays(1);
        Assert.Contains("Over the monthly quota: 6 of 3 jobs", await SubmitAcceptedAsync(tenant));

        // Past the grace days: refused until the 1st of the next month, as the (moved) clock counts.
        factory.Clock.Offset += TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
        var before = factory.Clock.GetUtcNow();
        var refused = await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
        var after = factory.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("/problems/quota-exceeded", (await refused.ReadElement()).GetProperty("type").GetString());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, (int)(nextMonth - after).TotalSeconds, (int)Math.Ceiling((nextMonth - before).TotalSeconds));

        var usage = await (await tenant.GetAsync("/v1/billing/usage")).ReadElement();
        Assert.Equal("Blocked", usage.GetProperty("quota").GetProperty("level").GetString());
        Assert.Equal(6, usage.GetProperty("quota").GetProperty("acceptedThisMonth").GetInt64());

        factory.Clock.Offset += nextMonth - factory.Clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        Assert.Null(await SubmitAcceptedAsync(tenant)); // a new month: its quota and its grace start afresh
    }

    /// <summary>Submits a job that must be accepted; returns its X-Quota-Warning (null without one).</summary>
    private static async Task<string?> SubmitAcceptedAsync(HttpClient tenant)
    {
        var response = await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.TryGetValues("X-Quota-Warning", out var warning) ? warning.Single() : null;
    }
}
