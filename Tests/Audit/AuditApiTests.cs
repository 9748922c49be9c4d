using System.Net;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Audit;

/// <summary>The audit log read back through the API: a tenant sees its own actions and admin actions on it, and nothing of others.</summary>
public sealed class AuditApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task TenantAdmins_SeeTheirActions_AndThePlatformAdminsActionsOnThem()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var other = await Tenancy.RegisterAsync(anonymous, "Other");
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail)).Access);
        var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(anonymous));

        using var submit = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"noop"}""") };
        submit.Headers.Add("X-Correlation-Id", "audit-corr-1");
        var job = await (await owner.SendAsync(submit)).ReadJob();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{tenant.Id}/features", JsonBody("""{"shellEnabled":false}"""))).StatusCode);

        var records = await Eventually.Until(
            async () => (await (await owner.GetAsync("/v1/audit?limit=500")).ReadElement()).GetProperty("items").EnumerateArray().ToList(),
            items => items.Any(e => e.GetProperty("action").GetString() == "PATCH /admin/tenants/{id}/features"),
            $"tenant {tenant.Id}'s audit log shows the admin's action");
        var actions = string.Join(", ", records.Select(e => e.GetProperty("action").GetString()));
        var submitted = Assert.Single(records, e => e.GetProperty("action").GetString() == "POST /v1/jobs" && e.GetProperty("status").GetInt32() == 201);
        Assert.Equal(tenant.OwnerEmail, submitted.GetProperty("actorName").GetString());
        Assert.Equal("audit-corr-1", submitted.GetProperty("correlationId").GetString());
        Assert.Equal(201, submitted.GetProperty("status").GetInt32());
        Assert.True(records.Any(e => e.GetProperty("action").GetString() == "POST /v1/tenants" && e.GetProperty("actorName").GetString() == tenant.OwnerEmail),
            $"the registration is in the tenant's log; actions: {actions}");
        var byAdmin = records.Single(e => e.GetProperty("action").GetString() == "PATCH /admin/tenants/{id}/features");
        Assert.Equal(TestAuth.AdminEmail, byAdmin.GetProperty("actorName").GetString());
        Assert.DoesNotContain(records, e => e.GetRawText().Contains(other.OwnerEmail, StringComparison.Ordinal));
        Assert.DoesNotContain(records, e => e.GetRawText().Contains(Tenancy.Password, StringComparison.Ordinal));
        Assert.NotEqual(Guid.Empty, job.Id);

        var all = await (await admin.GetAsync($"/admin/audit?tenant={tenant.Id}&limit=500")).ReadElement();
        Assert.Equal(records.Count, all.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("/v1/audit?cursor=nope")).StatusCode);
    }
}
