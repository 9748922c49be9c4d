using System.Globalization;
using System.Net;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>Usage counts every attempt exactly once: executions, retries, failures, dead letters, as the job rows say.</summary>
public sealed class MeteringTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Fact]
    public async Task JobsWithKnownRetries_AreMeteredExactly()
    {
        var registered = await Tenancy.RegisterAsync(factory.CreateAnonymousClient());
        var owner = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(factory.CreateAnonymousClient(), registered.OwnerEmail)).Access);
        const string fastRetry = "\"maxAttempts\":3,\"backoff\":{\"initial\":0.05,\"max\":0.05,\"multiplier\":1,\"jitter\":\"none\"}";
        var bodies = new List<string>();
        for (var i = 0; i < 3; i++) bodies.Add("""{"type":"noop"}""");                                                        // 3 executions
        for (var i = 0; i < 2; i++) bodies.Add($$$"""{"type":"test-flaky","payload":{"failTimes":2},{{{fastRetry}}}}""");   // 3 each: 2 retries, 2 failures
        bodies.Add("""{"type":"test-fail","payload":{"retryable":false}}""");                                                // 1 failure, dead-lettered
        var ids = new List<Guid>();
        foreach (var body in bodies)
        {
            var response = await owner.PostAsync("/v1/jobs", JsonBody(body));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.ReadJob()).Id);
        }
        foreach (var id in ids)
        {
            await Eventually.Until(async () => await (await owner.GetAsync($"/v1/jobs/{id}")).ReadJob(),
                j => j.Status is JobStatus.Succeeded or JobStatus.DeadLettered, $"job {id} ends");
        }

        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var usage = await (await owner.GetAsync($"/v1/billing/usage?from={Day(today.AddDays(-1))}&to={Day(today.AddDays(1))}")).ReadElement();
        var totals = usage.GetProperty("totals");
        Assert.Equal(6, totals.GetProperty("jobsAccepted").GetInt64());
        Assert.Equal(6, totals.GetProperty("jobsRun").GetInt64());
        Assert.Equal(10, totals.GetProperty("executions").GetInt64());
        Assert.Equal(4, totals.GetProperty("retries").GetInt64());
        Assert.Equal(5, totals.GetProperty("failures").GetInt64());
        Assert.Equal(1, totals.GetProperty("deadLetters").GetInt64());

        // Reading again (a recount) changes nothing: the count is of rows, not of reports.
        var again = await (await owner.GetAsync($"/v1/billing/usage?from={Day(today.AddDays(-1))}&to={Day(today.AddDays(1))}")).ReadElement();
        Assert.Equal(totals.GetRawText(), again.GetProperty("totals").GetRawText());
    }

    [Theory]
    [InlineData("from=2026-13-01")]
    [InlineData("from=yesterday")]
    [InlineData("from=2026-02-01&to=2026-01-01")]
    [InlineData("from=2020-01-01&to=2026-01-01")]
    public async Task BadUsageRange_Is400(string query)
    {
        var response = await factory.CreateClient().GetAsync($"/v1/billing/usage?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
