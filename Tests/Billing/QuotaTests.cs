using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// Job quotas of a tenant on a tiny plan: a warning from 80 %, grace over the limit, then 429 quota-exceeded until
/// the plan is upgraded or the UTC day ends.
/// </summary>
public sealed class QuotaTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task ATinyPlan_Warns_GivesGrace_ThenBlocks_AndAnUpgradeLiftsTheBlock()
    {
        var admin = await AdminAsync();
        await PutPlanAsync(admin, "tiny-grace", """{"includedJobsPerDay":10,"includedJobsPerMonth":1000,"gracePercent":20}""");
        var tenant = await TenantOnPlanAsync(admin, "tiny-grace");

        var warnings = new List<string?>();
        for (var i = 1; i <= 12; i++)
        {
            var response = await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            warnings.Add(response.Headers.TryGetValues("X-Quota-Warning", out var w) ? w.Single() : null);
        }
        Assert.All(warnings.Take(7), w => Assert.Null(w));                          // below 80 %
        Assert.Contains("8 of 10 jobs of the daily quota used (80%)", warnings[7]);   // the soft limit
        Assert.Contains("10 of 10 jobs", warnings[9]);
        Assert.Contains("Over the daily quota: 11 of 10", warnings[10]);            // grace: up to 10 + 20 %
        Assert.Contains("Over the daily quota: 12 of 10", warnings[11]);

        var refused = await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = await refused.ReadElement();
        Assert.Equal("/problems/quota-exceeded", problem.GetProperty("type").GetString());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 24 * 3600); // until the UTC day ends
        Assert.Equal(12, await JobCountAsync(tenant)); // the refused submission created nothing

        var usage = await (await tenant.GetAsync("/v1/billing/usage")).ReadElement();
        var quota = usage.GetProperty("quota");
        Assert.Equal("Blocked", quota.GetProperty("level").GetString());
        Assert.Equal(12, quota.GetProperty("acceptedToday").GetInt64());
        Assert.Equal(["Warning", "Grace", "Blocked"], quota.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("level").GetString()!).ToArray());

        var upgrade = await admin.PatchAsync($"/admin/tenants/{tenant.DefaultRequestHeaders.GetValues("X-Test-Tenant").Single()}/subscription", JsonBody("""{"plan":"pro"}"""));
        Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);
        await Eventually.Until(async () => (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode,
            s => s == HttpStatusCode.Created, "an upgraded tenant's submissions are accepted again");
    }

    [Theory]
    [InlineData("PUT", "/admin/plans/bad", """{"pricePerRetryMinor":-1}""", "pricePerRetryMinor")]
    [InlineData("PUT", "/admin/plans/bad", """{"includedJobsPerDay":-5}""", "includedJobsPerDay")]
    [InlineData("PUT", "/admin/plans/bad", """{"currency":"dollars"}""", "currency")]
    [InlineData("PUT", "/admin/plans/bad", """{"gracePercent":"ten"}""", "gracePercent")]
    [InlineData("PUT", "/admin/plans/bad", """{"colour":"blue"}""", "colour")]
    [InlineData("PUT", "/admin/plans/not%20a%20name", """{}""", "name")]
    [InlineData("PATCH", "/admin/tenants/default/subscription", """{"plan":"no-such-plan"}""", "plan")]
    [InlineData("PATCH", "/admin/tenants/default/subscription", """{"plan":"pro","startsAt":"2000-01-01T00:00:00Z"}""", "startsAt")]
    [InlineData("PATCH", "/admin/tenants/default/subscription", """{}""", "plan")]
    public async Task BadBillingInput_Is400_NamingTheField_AndChangesNothing(string method, string path, string body, string field)
    {
        var admin = await AdminAsync();
        var before = await (await admin.GetAsync("/admin/tenants/default/subscription")).ReadElement();

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonBody(body) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadElement()).GetProperty("errors").TryGetProperty(field, out _), $"the problem names '{field}'");
        var after = await (await admin.GetAsync("/admin/tenants/default/subscription")).ReadElement();
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.DoesNotContain((await (await admin.GetAsync("/admin/plans")).ReadElement()).EnumerateArray(), p => p.GetProperty("name").GetString() == "bad");
    }

    [Fact]
    public async Task UnknownTenant_Is404_AndTenantsCannotReachThePlanAdminApi()
    {
        var admin = await AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsync("/admin/tenants/nobody-here/subscription", JsonBody("""{"plan":"pro"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient().PutAsync("/admin/plans/x", JsonBody("{}"))).StatusCode);
    }

    private async Task<HttpClient> AdminAsync() =>
        factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));

    private static async Task PutPlanAsync(HttpClient admin, string name, string body)
    {
        var response = await admin.PutAsync($"/admin/plans/{name}", JsonBody(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A new tenant moved to <paramref name="plan"/>; its client sends the owner's token (and names the tenant in X-Test-Tenant).</summary>
    private async Task<HttpClient> TenantOnPlanAsync(HttpClient admin, string plan)
    {
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        var moved = await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody(JsonSerializer.Serialize(new { plan })));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var (access, _) = await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail);
        var client = factory.CreateAnonymousClient().WithBearer(access);
        client.DefaultRequestHeaders.Add("X-Test-Tenant", registered.Id);
        return client;
    }

    private static async Task<int> JobCountAsync(HttpClient tenant)
    {
        var counts = await (await tenant.GetAsync("/v1/jobs/counts")).ReadElement();
        return counts.EnumerateObject().Sum(c => c.Value.GetInt32());
    }
}
