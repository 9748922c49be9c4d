using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Grains.Interfaces.Billing;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/billing</c> for a tenant: metered usage per UTC day with its quota standing, and its plan. Days are UTC
/// calendar days (<c>yyyy-MM-dd</c>); an attempt counts on the day it started.
/// </summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var billing = app.MapGroup("/v1/billing").WithTags("Billing").RequireAuthorization(Policies.JobsRead);
        billing.MapGet("/usage", Usage).WithName("GetUsage")
            .WithSummary("Usage per UTC day from 'from' to 'to' (inclusive, yyyy-MM-dd; default this month so far) with totals and the quota standing");
        billing.MapGet("/subscription", Subscription).WithName("GetSubscription").WithSummary("The plan in effect, its limits and prices");
        return app;
    }

    public static async Task<Results<Ok<UsageResponse>, ValidationProblem>> Usage(string? from, string? to, HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        var today = BillingCalendar.DayOf(time.GetUtcNow());
        var errors = new Dictionary<string, string[]>();
        var first = ReadDay(from, "from", BillingCalendar.MonthOf(today), errors);
        var last = ReadDay(to, "to", today, errors);
        if (errors.Count > 0) return P.Validation(errors);
        if (last < first) return P.Validation("to", "Must not be before 'from'.");
        if (last.DayNumber - first.DayNumber >= 366) return P.Validation("to", "A range covers at most 366 days.");

        var tenantId = http.User.TenantId();
        var days = await cluster.GetGrain<IUsageQueryGrain>(0).Range(tenantId, first, last);
        var quota = await cluster.GetGrain<IQuotaGrain>(tenantId).Status();
        return TypedResults.Ok(new UsageResponse(first, last, days, UsageTotals.Of(days), quota));
    }

    public static async Task<Ok<PlanResponse>> Subscription(HttpContext http, IClusterClient cluster)
    {
        var current = await cluster.GetGrain<ISubscriptionGrain>(http.User.TenantId()).Current();
        var plan = await cluster.GetGrain<IPlanCatalogGrain>(0).Get(current.Plan);
        return TypedResults.Ok(new PlanResponse(current, plan));
    }

    private static DateOnly ReadDay(string? text, string field, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text is null) return fallback;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[field] = ["Must be a UTC date, yyyy-MM-dd."];
        return fallback;
    }
}

/// <summary>Usage over a range of UTC days: the days with any usage, their totals, and the quota standing now.</summary>
public sealed record UsageResponse(DateOnly From, DateOnly To, IReadOnlyList<UsageDay> Days, UsageTotals Totals, QuotaStatus Quota);

/// <summary>The sums of a range of usage days.</summary>
public sealed record UsageTotals(long JobsAccepted, long JobsRun, long Executions, long Retries, long Failures, long DeadLetters, long ExecutionMilliseconds)
{
    public static UsageTotals Of(IReadOnlyList<UsageDay> days) => new(
        days.Sum(d => d.JobsAccepted), days.Sum(d => d.JobsRun), days.Sum(d => d.Executions), days.Sum(d => d.Retries),
        days.Sum(d => d.Failures), days.Sum(d => d.DeadLetters), days.Sum(d => d.ExecutionMilliseconds));
}

/// <summary>The subscription in effect and its plan.</summary>
public sealed record PlanResponse(Subscription Subscription, Plan? Plan);
