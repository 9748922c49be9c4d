using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>A plan's payload, schedule and running-workflow limits: 413 and 409 plan-limit, nothing created.</summary>
public sealed class PlanLimitTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task SchedulesWorkflowsAndPayloads_StopAtThePlansLimits()
    {
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/admin/plans/small", JsonBody("""{"maxSchedules":1,"maxWorkflows":1,"maxPayloadBytes":100}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody("""{"plan":"small"}"""))).StatusCode);
        var tenant = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);

        var schedule = """{"cron":"0 9 * * *","job":{"type":"noop"}}""";
        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/schedules", JsonBody(schedule))).StatusCode);
        var second = await tenant.PostAsync("/v1/schedules", JsonBody(schedule));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.ReadElement();
        Assert.Equal("/problems/plan-limit", problem.GetProperty("type").GetString());
        Assert.Equal("maxSchedules", problem.GetProperty("limit").GetString());

        var gate = $"plan-limit-{Guid.NewGuid():N}";
        var blocking = $$$$"""{"steps":[{"name":"a","job":{"type":"test-block","payload":{"gate":"{{{{gate}}}}"}}}]}""";
        var first = await tenant.PostAsync("/v1/workflows", JsonBody(blocking));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var refused = await tenant.PostAsync("/v1/workflows", JsonBody("""{"steps":[{"name":"a","job":{"type":"noop"}}]}"""));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("maxWorkflows", (await refused.ReadElement()).GetProperty("limit").GetString());

        TestHandlers.Release(gate);
        var id = (await first.ReadElement()).GetProperty("id").GetString();
        await Eventually.Until(async () => (await (await tenant.GetAsync($"/v1/workflows/{id}")).ReadElement()).GetProperty("status").GetString(),
            s => s == "Succeeded", "the first workflow ends");
        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/workflows", JsonBody("""{"steps":[{"name":"a","job":{"type":"noop"}}]}"""))).StatusCode);

        var big = JsonSerializer.Serialize(new { type = "noop", payload = new { text = new string('x', 200) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await tenant.PostAsync("/v1/jobs", JsonBody(big))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","payload":{"small":true}}"""))).StatusCode);
    }
}
