using System.Net;
using System.Net.Http.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Tenants;

/// <summary>Two tenants on one gateway: neither can see, touch or even detect the other's jobs.</summary>
public sealed class TenantIsolationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task TenantA_CannotReadListCancelRetryOrReuseKeysOf_TenantB()
    {
        var anonymous = factory.CreateAnonymousClient();
        var a = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, (await Tenancy.RegisterAsync(anonymous, "A")).OwnerEmail)).Access);
        var b = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, (await Tenancy.RegisterAsync(anonymous, "B")).OwnerEmail)).Access);

        // B has a scheduled job (cancellable), a dead-lettered one (retryable) and one submitted with an idempotency key.
        var scheduled = await (await b.PostAsync("/v1/jobs", JsonBody("""{"type":"noop","delay":3600,"tags":["b-only"]}"""))).ReadJob();
        var failing = await (await b.PostAsync("/v1/jobs", JsonBody("""{"type":"test-fail","maxAttempts":1,"tags":["b-only"]}"""))).ReadJob();
        await Eventually.Until(async () => await (await b.GetAsync($"/v1/jobs/{failing.Id}")).ReadJob(), j => j.Status == JobStatus.DeadLettered, $"B's job {failing.Id} dead-letters");
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"noop","payload":{"owner":"b"}}""") };
        keyed.Headers.Add("Idempotency-Key", "shared-key-1");
        var bKeyed = await (await b.SendAsync(keyed)).ReadJob();

        foreach (var id in new[] { scheduled.Id, failing.Id, bKeyed.Id })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/v1/jobs/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsync($"/v1/jobs/{id}/cancel", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsync($"/v1/jobs/{id}/retry", null)).StatusCode);
        }
        var aList = await a.GetFromJsonAsync<JobListResponse>("/v1/jobs?limit=500", ApiFactory.Json);
        Assert.Empty(aList!.Items);
        Assert.Empty((await a.GetFromJsonAsync<JobListResponse>("/v1/dlq", ApiFactory.Json))!.Items);
        Assert.Empty(await a.GetFromJsonAsync<Dictionary<JobStatus, long>>("/v1/jobs/counts", ApiFactory.Json) ?? []);

        // The same idempotency key in A makes A's own job; B's stays as it was.
        using var aKeyedRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody("""{"type":"noop","payload":{"owner":"a"}}""") };
        aKeyedRequest.Headers.Add("Idempotency-Key", "shared-key-1");
        var aKeyed = await a.SendAsync(aKeyedRequest);
        Assert.Equal(HttpStatusCode.Created, aKeyed.StatusCode);
        Assert.NotEqual(bKeyed.Id, (await aKeyed.ReadJob()).Id);

        // Nothing A did changed B's jobs.
        Assert.Equal(JobStatus.Scheduled, (await (await b.GetAsync($"/v1/jobs/{scheduled.Id}")).ReadJob()).Status);
        Assert.Equal(JobStatus.DeadLettered, (await (await b.GetAsync($"/v1/jobs/{failing.Id}")).ReadJob()).Status);
        var bList = await b.GetFromJsonAsync<JobListResponse>("/v1/jobs?limit=500", ApiFactory.Json);
        Assert.Equal(3, bList!.Items.Count);
    }

    [Fact]
    public async Task TenantUsersAndKeys_AreInvisibleToOtherTenants()
    {
        var anonymous = factory.CreateAnonymousClient();
        var a = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, (await Tenancy.RegisterAsync(anonymous, "A")).OwnerEmail)).Access);
        var bTenant = await Tenancy.RegisterAsync(anonymous, "B");
        var b = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, bTenant.OwnerEmail)).Access);
        var (_, bKeyId) = await Tenancy.CreateApiKeyAsync(b);

        var users = await (await a.GetAsync("/v1/users")).ReadElement();
        Assert.DoesNotContain(bTenant.OwnerEmail, users.GetRawText());
        var keys = await (await a.GetAsync("/v1/apikeys")).ReadElement();
        Assert.DoesNotContain(bKeyId, keys.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsync($"/v1/apikeys/{bKeyId}/revoke", null)).StatusCode);
        Assert.Equal(bTenant.Id, (await (await b.GetAsync("/v1/tenants/current")).ReadElement()).GetProperty("id").GetString());
    }
}
