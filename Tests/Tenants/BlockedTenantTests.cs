using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Tenants;

/// <summary>A gateway whose paused jobs re-check their tenant every second (production: 30 s) and whose silo allows <c>shell</c> jobs.</summary>
public sealed class FastRecheckApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Tenants:PausedRecheck"] = "00:00:01",
        ["Orchestrator:Handlers:Shell:Enabled"] = "true",
    };
}

/// <summary>Blocking a tenant: its calls answer 403, its due work waits (not lost) and runs after unblock.</summary>
public sealed class BlockedTenantTests(FastRecheckApiFactory factory) : IClassFixture<FastRecheckApiFactory>
{
    [Fact]
    public async Task BlockedTenant_Gets403_ItsDueJobWaits_AndRunsAfterUnblock()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail)).Access);
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner);
        var withKey = factory.CreateAnonymousClient().WithApiKey(key);
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(anonymous));

        var due = await (await withKey.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","delay":2}"""))).ReadJob();
        var block = await admin.PatchAsync($"/admin/tenants/{tenant.Id}/block", JsonBody("""{"blocked":true,"reason":"unpaid invoice"}"""));
        Assert.Equal(HttpStatusCode.OK, block.StatusCode);

        foreach (var client in new[] { withKey, owner })
        {
            var denied = await client.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("/problems/tenant-blocked", (await denied.ReadElement()).GetProperty("type").GetString());
        }
        var login = await anonymous.PostAsync("/v1/auth/login", JsonBody(JsonSerializer.Serialize(new { email = tenant.OwnerEmail, password = tenant.OwnerPassword })));
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);

        // The job came due while blocked: it says it is paused and stays scheduled (the admin can still look at it).
        var paused = await Eventually.Until(
            async () => (await admin.GetFromJsonAsync<Orchestrator.Client.Api.Jobs.JobResponse>($"/admin/tenants/{tenant.Id}/jobs/{due.Id}", ApiFactory.Json))!,
            j => j.StatusReason?.StartsWith("paused", StringComparison.Ordinal) == true, $"job {due.Id} pauses while its tenant is blocked",
            describe: j => $"{j.Status} ({j.StatusReason})");
        Assert.Equal(JobStatus.Scheduled, paused.Status);
        Assert.Empty(paused.Attempts);
        var listed = await (await admin.GetAsync("/admin/tenants?status=blocked")).ReadElement();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == tenant.Id);

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{tenant.Id}/block", JsonBody("""{"blocked":false}"""))).StatusCode);
        await Eventually.Until(async () => await (await withKey.GetAsync($"/v1/jobs/{due.Id}")).ReadJob(), j => j.Status == JobStatus.Succeeded,
            $"job {due.Id} runs after unblock", describe: j => $"{j.Status} ({j.StatusReason})");
        Assert.Equal(HttpStatusCode.Created, (await withKey.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);

        var details = await (await admin.GetAsync($"/admin/tenants/{tenant.Id}")).ReadElement();
        Assert.Equal("Active", details.GetProperty("tenant").GetProperty("status").GetString());
        Assert.Equal(2, details.GetProperty("usage").GetProperty("jobs").GetProperty("Succeeded").GetInt32() + (details.GetProperty("usage").GetProperty("jobs").TryGetProperty("Queued", out var q) ? q.GetInt32() : 0) + (details.GetProperty("usage").GetProperty("jobs").TryGetProperty("Running", out var r) ? r.GetInt32() : 0));
    }

    [Fact]
    public async Task ShellHandler_IsOffForANewTenant_UntilThePlatformAdminEnablesIt()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail)).Access);
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(anonymous));
        const string shellJob = """{"type":"shell","payload":{"command":"/bin/true"}}""";

        var refused = await owner.PostAsync("/v1/jobs", JsonBody(shellJob));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not enabled for tenant", (await refused.ReadElement()).GetRawText());
        // A tenant cannot enable it for itself: the features endpoint is the platform admin's.
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PatchAsync($"/admin/tenants/{tenant.Id}/features", JsonBody("""{"shellEnabled":true}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{tenant.Id}/features", JsonBody("""{"shellEnabled":true}"""))).StatusCode);
        var accepted = await owner.PostAsync("/v1/jobs", JsonBody(shellJob));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var id = (await accepted.ReadJob()).Id;
        await Eventually.Until(async () => await (await owner.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == JobStatus.Succeeded, $"shell job {id} runs");
    }
}
