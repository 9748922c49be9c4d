using System.Net;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Billing;

/// <summary>
/// A quota-blocked tenant's held schedule fires again when the UTC day ends. A system of its own: the clock jump would
/// make the tokens of any later test in the same system look issued in the future.
/// </summary>
public sealed class QuotaHoldResetTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task ABlockedTenantsScheduleFire_IsHeld_AndFiresAgainOnTheNextUtcDay()
    {
        var admin = await QuotaHoldTests.AdminAsync(factory);
        var (tenantId, tenant, _) = await QuotaHoldTests.BlockedTenantAsync(factory, admin, "hold-reset", """{"type":"noop"}""");
        var schedule = await QuotaHoldTests.CreateScheduleAsync(tenant);
        var id = schedule.GetProperty("id").GetString()!;
        await Eventually.True(() => QuotaHoldTests.HeldCount(factory, tenantId, id) >= 1, $"schedule {id} of blocked tenant {tenantId} holds its fire");
        Assert.Empty(await QuotaHoldTests.RunsAsync(tenant, id));

        var now = factory.Clock.GetUtcNow();
        var nextDay = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        // Five minutes past midnight, not one: the fire-once catch-up fires the latest time missed by more than the
        // misfire threshold (60 s), which a one-minute jump put a few ms before midnight, on the blocked day.
        factory.Clock.Offset += nextDay - now + TimeSpan.FromMinutes(5);

        // A new day's quota: the schedule fires again (the times slept through go by its misfire policy) and its job runs.
        var runs = await Eventually.Until(() => QuotaHoldTests.RunsAsync(tenant, id), r => r.Any(x => x.GetProperty("jobStatus").GetString() == "Succeeded"),
            $"schedule {id} fires after the UTC day ended", describe: r => string.Join(", ", r.Select(x => x.GetRawText())));
        Assert.All(runs, r => Assert.True(r.GetProperty("fireTime").GetDateTimeOffset() >= nextDay, $"a fire of the blocked day ran: {r.GetRawText()}"));
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.DeleteAsync($"/v1/schedules/{id}")).StatusCode);
    }
}
