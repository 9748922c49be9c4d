using System.Net;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// Invoices over HTTP: a tenant's live draft, the platform admin issuing the month once it is over (the clock jumps
/// past its end), paying it, the tenant's list and the admin's billing view. Who may read invoices (owners and admins)
/// is checked for every role by EndpointPolicyTests.
/// </summary>
public sealed class InvoicesApiTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task AMonth_GoesFromLiveDraft_ToIssuedOnce_ToPaid()
    {
        var admin = await AdminAsync();
        var plan = $"inv-http-{Guid.NewGuid():N}"[..24];
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/admin/plans/{plan}",
            JsonBody("""{"monthlyBaseMinor":1000,"includedJobsPerMonth":1,"pricePer1000JobsMinor":70,"pricePerRetryMinor":3,"gracePercent":1000}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody(JsonSerializer.Serialize(new { plan })))).StatusCode);
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner, role: "admin"); // an API key outlives the clock's jump
        var tenant = factory.CreateAnonymousClient().WithApiKey(key);
        for (var i = 0; i < 3; i++)
        {
            var job = await (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).ReadJob();
            await Eventually.Until(async () => await (await tenant.GetAsync($"/v1/jobs/{job.Id}")).ReadJob(), j => j.Status == JobStatus.Succeeded, $"job {job.Id} succeeds");
        }
        var month = BillingCalendar.MonthOf(BillingCalendar.DayOf(factory.Clock.GetUtcNow()));
        var monthKey = BillingCalendar.MonthKey(month);

        var draft = await (await tenant.GetAsync($"/v1/billing/invoices/{monthKey}")).ReadElement();
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Equal(3, draft.GetProperty("jobsRun").GetInt64());
        Assert.Equal(["Base", "OverageJobs"], draft.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("kind").GetString()!));
        Assert.Empty((await (await tenant.GetAsync("/v1/billing/invoices")).ReadElement()).GetProperty("items").EnumerateArray());
        var early = await admin.PostAsync($"/admin/tenants/{registered.Id}/invoices/{monthKey}/issue", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("/problems/conflict", (await early.ReadElement()).GetProperty("type").GetString());

        // The jump: the month is over. (Tokens are checked on the real clock, so the admin's token from before still works.)
        factory.Clock.Offset += BillingCalendar.StartOf(month.AddMonths(1)).AddMinutes(10) - factory.Clock.GetUtcNow();
        var issue = await admin.PostAsync($"/admin/tenants/{registered.Id}/invoices/{monthKey}/issue", null);
        Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        var issued = await issue.ReadElement();
        Assert.Equal("Issued", issued.GetProperty("status").GetString());
        Assert.Equal($"{registered.Id}/{monthKey}", issued.GetProperty("id").GetString());
        var overage = issued.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "OverageJobs");
        Assert.Equal((1, 70), (overage.GetProperty("quantity").GetInt64(), overage.GetProperty("amountMinor").GetInt64())); // 3 jobs over 0 included: one started thousand
        Assert.Equal(issued.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amountMinor").GetInt64()), issued.GetProperty("totalMinor").GetInt64());
        var again = await (await admin.PostAsync($"/admin/tenants/{registered.Id}/invoices/{monthKey}/issue", null)).ReadElement();
        Assert.Equal(issued.GetRawText(), again.GetRawText());
        Assert.Equal(issued.GetRawText(), (await (await tenant.GetAsync($"/v1/billing/invoices/{monthKey}")).ReadElement()).GetRawText());

        var paid = await (await admin.PostAsync($"/admin/tenants/{registered.Id}/invoices/{monthKey}/pay", null)).ReadElement();
        Assert.Equal("Paid", paid.GetProperty("status").GetString());
        var voiding = await admin.PostAsync($"/admin/tenants/{registered.Id}/invoices/{monthKey}/void", JsonBody("""{"reason":"duplicate"}"""));
        Assert.Equal(HttpStatusCode.Conflict, voiding.StatusCode);

        var list = (await (await tenant.GetAsync("/v1/billing/invoices")).ReadElement()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([("Paid", issued.GetProperty("totalMinor").GetInt64())], list.Select(i => (i.GetProperty("status").GetString(), i.GetProperty("totalMinor").GetInt64())));

        var billing = await (await admin.GetAsync($"/admin/tenants/{registered.Id}/billing")).ReadElement();
        Assert.Equal(plan, billing.GetProperty("subscription").GetProperty("plan").GetString());
        Assert.Equal(BillingCalendar.MonthKey(month.AddMonths(1)) + "-01", billing.GetProperty("thisMonth").GetProperty("from").GetString());
        Assert.Equal("Draft", billing.GetProperty("draft").GetProperty("status").GetString());
        Assert.Single(billing.GetProperty("invoices").EnumerateArray());
    }

    private async Task<HttpClient> AdminAsync() =>
        factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
}
