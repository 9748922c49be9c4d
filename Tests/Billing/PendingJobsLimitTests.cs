using System.Net;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// A plan's own <c>maxPendingJobs</c>: that many jobs may wait at once; the next is refused with 429 quota-exceeded and
/// a Retry-After, nothing created; room comes back as waiting jobs run or are cancelled.
/// </summary>
[Collection(SaturationCollection.Name)]
public sealed class PendingJobsLimitTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    private const string Later = """{"type":"noop","delay":3600}""";

    [Fact]
    public async Task APlansPendingLimit_RefusesTheNextJob_UntilWaitingJobsRunOrAreCancelled()
    {
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/admin/plans/pending-three", JsonBody("""{"maxPendingJobs":3}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody("""{"plan":"pending-three"}"""))).StatusCode);
        var tenant = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);

        var soon = await SubmitAsync(tenant, """{"type":"noop","delay":1.5}""");
        var waiting = await SubmitAsync(tenant, Later);
        await SubmitAsync(tenant, Later);

        var refused = await tenant.PostAsync("/v1/jobs", JsonBody(Later));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = await refused.ReadElement();
        Assert.Equal("/problems/quota-exceeded", problem.GetProperty("type").GetString());
        Assert.Contains("allows 3 at once", problem.GetProperty("detail").GetString());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 5); // the quota grain recounts within 5 s
        Assert.Equal(3, await WaitingAsync(tenant));

        // The delayed job runs: one waiting place is free again, and only one.
        await Eventually.Until(async () => await (await tenant.GetAsync($"/v1/jobs/{soon}")).ReadJob(), j => j.Status == JobStatus.Succeeded,
            $"job {soon} runs at its time", describe: j => j.Status.ToString());
        await AcceptedAgainAsync(tenant, "after a waiting job ran");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await tenant.PostAsync("/v1/jobs", JsonBody(Later))).StatusCode);
        Assert.Equal(3, await WaitingAsync(tenant));

        Assert.Equal(HttpStatusCode.OK, (await tenant.PostAsync($"/v1/jobs/{waiting}/cancel", null)).StatusCode);
        await AcceptedAgainAsync(tenant, "after a waiting job was cancelled");
        Assert.Equal(3, await WaitingAsync(tenant));
    }

    private static async Task<Guid> SubmitAsync(HttpClient tenant, string body)
    {
        var response = await tenant.PostAsync("/v1/jobs", JsonBody(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJob()).Id;
    }

    /// <summary>Submits until accepted (the quota grain recounts the waiting jobs every 2 s); every answer before is the pending limit's 429.</summary>
    private static async Task AcceptedAgainAsync(HttpClient tenant, string step)
    {
        await Eventually.Until(async () => (await tenant.PostAsync("/v1/jobs", JsonBody(Later))).StatusCode,
            s => s switch
            {
                HttpStatusCode.Created => true,
                HttpStatusCode.TooManyRequests => false,
                _ => throw new Xunit.Sdk.XunitException($"{step}: unexpected {(int)s}"),
            }, $"a new job is accepted {step}");
    }

    private static async Task<int> WaitingAsync(HttpClient tenant)
    {
        var counts = await (await tenant.GetAsync("/v1/jobs/counts")).ReadElement();
        return counts.EnumerateObject().Where(c => c.Name is "Scheduled" or "Queued" or "Retrying").Sum(c => c.Value.GetInt32());
    }
}
