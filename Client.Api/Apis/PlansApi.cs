using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Tenants;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// The platform admin's side of plans: the plan catalog (<c>/admin/plans</c>) and a tenant's subscription
/// (<c>/admin/tenants/{id}/subscription</c>). A change of plan applies to limits at once and is pro-rated by day in billing.
/// </summary>
public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/admin/plans").WithTags("Billing (platform admin)").RequireAuthorization(Policies.Platform);
        plans.MapGet("/", ListPlans).WithName("AdminListPlans").WithSummary("Every plan with its limits and prices (minor currency units)");
        plans.MapPut("/{name}", PutPlan).WithName("AdminPutPlan")
            .WithSummary("Create or replace a plan; limits left out or null are unlimited, prices default to 0").Accepts<Plan>("application/json");

        var tenants = app.MapGroup("/admin/tenants/{id}/subscription").WithTags("Billing (platform admin)").RequireAuthorization(Policies.Platform);
        tenants.MapGet("/", GetSubscriptions).WithName("AdminGetSubscription").WithSummary("A tenant's subscription in effect and its history");
        tenants.MapPatch("/", ChangeSubscription).WithName("AdminChangeSubscription")
            .WithSummary("Move a tenant to a plan, now or from startsAt (not before the current subscription's start)").Accepts<ChangeSubscriptionRequest>("application/json");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<Plan>>> ListPlans(IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IPlanCatalogGrain>(0).List());

    public static async Task<IResult> PutPlan(string name, HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        int? Int(string field)
        {
            var value = body!.Integer(field);
            if (value is null or (>= int.MinValue and <= int.MaxValue)) return (int?)value;
            body.Errors[field] = ["Too large."];
            return null;
        }
        var plan = new Plan
        {
            Name = name,
            IncludedJobsPerDay = body!.Integer("includedJobsPerDay"),
            IncludedJobsPerMonth = body.Integer("includedJobsPerMonth"),
            MaxConcurrentJobs = Int("maxConcurrentJobs"),
            MaxPendingJobs = body.Integer("maxPendingJobs"),
            MaxPayloadBytes = Int("maxPayloadBytes"),
            MaxSchedules = Int("maxSchedules"),
            MaxWorkflows = Int("maxWorkflows"),
            PricePer1000JobsMinor = body.Integer("pricePer1000JobsMinor") ?? 0,
            PricePerRetryMinor = body.Integer("pricePerRetryMinor") ?? 0,
            MonthlyBaseMinor = body.Integer("monthlyBaseMinor") ?? 0,
            Currency = body.String("currency", required: false, maxLength: 3) ?? "USD",
            GracePercent = Int("gracePercent") ?? 0,
            GraceDays = Int("graceDays") ?? 0,
        };
        body.String("name", required: false, maxLength: 64); // allowed in the body; the route names the plan
        if (body.Problem() is { } invalid) return invalid;
        return TypedResults.Ok(await cluster.GetGrain<IPlanCatalogGrain>(0).Put(plan)); // BillingValidationException → 400
    }

    public static async Task<Ok<SubscriptionResponse>> GetSubscriptions(string id, IClusterClient cluster)
    {
        var grain = cluster.GetGrain<ISubscriptionGrain>(id);
        return TypedResults.Ok(new SubscriptionResponse(await grain.Current(), await grain.History())); // TenancyNotFoundException → 404
    }

    public static async Task<IResult> ChangeSubscription(string id, HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var plan = body!.String("plan", required: true, maxLength: 64);
        var startsAt = body.Timestamp("startsAt");
        if (body.Problem() is { } invalid) return invalid;
        AuditContext.SetTenant(http, id);
        if (await cluster.GetGrain<ITenantGrain>(id).Get() is null) return P.NotFound($"No tenant {id}.");
        var changedBy = http.User.FindFirst(OrchestratorClaims.Name)?.Value ?? "platform-admin";
        var grain = cluster.GetGrain<ISubscriptionGrain>(id);
        await grain.Change(plan!, startsAt, changedBy);
        return TypedResults.Ok(new SubscriptionResponse(await grain.Current(), await grain.History()));
    }
}

/// <summary>A tenant's subscription in effect and every subscription it had, oldest first.</summary>
public sealed record SubscriptionResponse(Subscription Current, IReadOnlyList<Subscription> History);

/// <summary>The body of <c>PATCH /admin/tenants/{id}/subscription</c>.</summary>
public sealed record ChangeSubscriptionRequest(string Plan, DateTimeOffset? StartsAt);
