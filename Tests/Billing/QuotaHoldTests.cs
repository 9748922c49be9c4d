using System.Net;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// Scheduled and recurring work of a tenant blocked by its job quota: each fire is held (logged, not recorded, no job
/// created) and comes again once the block lifts, here by a plan upgrade (a new UTC day: <see cref="QuotaHoldResetTests"/>).
/// Jobs accepted before the block, delayed ones included, run at their time (their quota was taken when they were accepted).
/// </summary>
public sealed class QuotaHoldTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    private const string HeldEvent = " held: ";

    [Fact]
    public async Task ABlockedTenantsScheduleFire_IsHeld_AndTheSameFireRunsAfterAnUpgrade()
    {
        var admin = await AdminAsync(factory);
        // The job that uses up the quota is a delayed one: accepted before the block, it runs at its time whatever the quota.
        var (tenantId, tenant, delayed) = await BlockedTenantAsync(factory, admin, "hold-upgrade", """{"type":"noop","delay":1}""");

        var schedule = await CreateScheduleAsync(tenant);
        var firstFire = schedule.GetProperty("nextFireAt").GetDateTimeOffset();
        var id = schedule.GetProperty("id").GetString()!;

        // The fire came due and was held twice (each PausedRecheck): nothing recorded, no job created.
        await Eventually.True(() => HeldCount(factory, tenantId, id) >= 2, $"schedule {id} of blocked tenant {tenantId} holds its fire at {firstFire:O}");
        Assert.Empty(await RunsAsync(tenant, id));
        var job = await Eventually.Until(async () => await (await tenant.GetAsync($"/v1/jobs/{delayed}")).ReadJob(),
            j => j.Status == JobStatus.Succeeded, "the delayed job accepted before the block runs while the tenant is blocked",
            describe: j => $"{j.Status} ({j.StatusReason})");
        Assert.Single(job.Attempts);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
        Assert.Empty(await RunsAsync(tenant, id));

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{tenantId}/subscription", JsonBody("""{"plan":"pro"}"""))).StatusCode);

        // The held fire itself (not a later one) fires once the plan allows it, and its job runs. Runs are newest first.
        var runs = await Eventually.Until(() => RunsAsync(tenant, id), r => r.Count > 0 && r[^1].GetProperty("jobStatus").GetString() == "Succeeded",
            $"schedule {id}'s held fire runs after the upgrade", describe: r => string.Join(", ", r.Select(x => x.GetRawText())));
        var oldest = runs[^1];
        Assert.Equal(firstFire, oldest.GetProperty("fireTime").GetDateTimeOffset());
        Assert.True(!oldest.TryGetProperty("skipped", out var skipped) || skipped.ValueKind == JsonValueKind.Null, oldest.GetRawText());
        Assert.Equal(runs.Count, runs.Select(r => r.GetProperty("fireTime").GetDateTimeOffset()).Distinct().Count()); // each fire once
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.DeleteAsync($"/v1/schedules/{id}")).StatusCode);
    }

    /// <summary>
    /// A new tenant on a plan of two jobs a day (no grace) that has used them, the second being <paramref name="lastJob"/>
    /// (its id returned): its next submission is refused.
    /// </summary>
    internal static async Task<(string TenantId, HttpClient Tenant, Guid LastJobId)> BlockedTenantAsync(BillingApiFactory factory, HttpClient admin, string plan, string lastJob)
    {
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/admin/plans/{plan}", JsonBody("""{"includedJobsPerDay":2}"""))).StatusCode);
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/admin/tenants/{registered.Id}/subscription", JsonBody(JsonSerializer.Serialize(new { plan })))).StatusCode);
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner);
        var tenant = factory.CreateAnonymousClient().WithApiKey(key);
        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
        var last = await tenant.PostAsync("/v1/jobs", JsonBody(lastJob));
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        var refused = await tenant.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("/problems/quota-exceeded", (await refused.ReadElement()).GetProperty("type").GetString());
        return (registered.Id, tenant, (await last.ReadJob()).Id);
    }

    internal static async Task<JsonElement> CreateScheduleAsync(HttpClient tenant)
    {
        var response = await tenant.PostAsync("/v1/schedules", JsonBody("""{"cron":"@every 1s","job":{"type":"noop"}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadElement();
    }

    /// <summary>The schedule's recorded fires, newest first.</summary>
    internal static async Task<IReadOnlyList<JsonElement>> RunsAsync(HttpClient tenant, string scheduleId)
    {
        var runs = await tenant.GetAsync($"/v1/schedules/{scheduleId}/runs");
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        return [.. (await runs.ReadElement()).GetProperty("items").EnumerateArray()];
    }

    /// <summary>How often the schedule logged that it held a fire (event 1305).</summary>
    internal static int HeldCount(BillingApiFactory factory, string tenantId, string scheduleId) => factory.Logs.Entries.Count(e =>
        e.Properties.GetValueOrDefault("TenantId") == tenantId && e.Properties.GetValueOrDefault("ScheduleId") == scheduleId
        && e.Message.Contains(HeldEvent, StringComparison.Ordinal));

    internal static async Task<HttpClient> AdminAsync(BillingApiFactory factory) =>
        factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
}
