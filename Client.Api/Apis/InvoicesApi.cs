using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Tenants;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// Invoices. A tenant's owners and admins (<see cref="Policies.TenantManage"/>: invoices are financial documents,
/// like the audit log; operators and viewers see usage, not invoices) list the issued ones and read any month's,
/// named by the month (<c>yyyy-MM</c>): the issued invoice, or a draft computed now. The platform admin sees a
/// tenant's billing at a glance and issues, pays, voids and reissues a month's invoice. A month that is not over
/// cannot be issued (409), an unknown tenant or a month with nothing to bill is a 404, a bad month a 400.
/// </summary>
public static class InvoicesApi
{
    public static IEndpointRouteBuilder MapInvoicesApi(this IEndpointRouteBuilder app)
    {
        var invoices = app.MapGroup("/v1/billing/invoices").WithTags("Billing").RequireAuthorization(Policies.TenantManage);
        invoices.MapGet("/", List).WithName("ListInvoices")
            .WithSummary("The tenant's issued invoices (issued, paid, void; every revision), newest month first");
        invoices.MapGet("/{id}", Get).WithName("GetInvoice")
            .WithSummary("A month's invoice by its month (yyyy-MM): the issued one, or a draft computed now (usage so far)");

        var admin = app.MapGroup("/admin/tenants/{id}").WithTags("Billing (platform admin)").RequireAuthorization(Policies.Platform);
        admin.MapGet("/billing", Billing).WithName("AdminGetTenantBilling")
            .WithSummary("A tenant's subscription and plan, this month's usage and draft invoice, and its issued invoices");
        admin.MapPost("/invoices/{month}/issue", Issue).WithName("AdminIssueInvoice")
            .WithSummary("Issue a month's invoice (yyyy-MM) once the month is over (UTC); issuing again returns the same invoice");
        admin.MapPost("/invoices/{month}/pay", Pay).WithName("AdminPayInvoice").WithSummary("Mark a month's issued invoice paid");
        admin.MapPost("/invoices/{month}/void", Void).WithName("AdminVoidInvoice")
            .WithSummary("Void a month's issued (unpaid) invoice, with a reason").Accepts<VoidInvoiceRequest>("application/json");
        admin.MapPost("/invoices/{month}/reissue", Reissue).WithName("AdminReissueInvoice")
            .WithSummary("Bill a voided month again: a new revision computed from the figures as they are now");
        return app;
    }

    public static async Task<Ok<InvoiceListResponse>> List(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(new InvoiceListResponse(await cluster.GetGrain<ITenantInvoicesGrain>(http.User.TenantId()).List()));

    public static async Task<Results<Ok<Invoice>, ValidationProblem, ProblemHttpResult>> Get(string id, HttpContext http, IClusterClient cluster)
    {
        if (!InvoiceKeys.TryParseMonth(id, out var month)) return BadMonth("id");
        var tenantId = http.User.TenantId();
        var invoice = await cluster.GetGrain<IInvoiceGrain>(InvoiceKeys.Of(tenantId, month)).Get();
        return invoice is null ? NothingToBill(tenantId, month) : TypedResults.Ok(invoice);
    }

    public static async Task<Results<Ok<TenantBillingResponse>, ProblemHttpResult>> Billing(string id, IClusterClient cluster, TimeProvider time)
    {
        if (await MissingTenant(id, cluster) is { } missing) return missing;
        var subscription = await cluster.GetGrain<ISubscriptionGrain>(id).Current();
        var plan = await cluster.GetGrain<IPlanCatalogGrain>(0).Get(subscription.Plan);
        var today = BillingCalendar.DayOf(time.GetUtcNow());
        var month = BillingCalendar.MonthOf(today);
        var days = await cluster.GetGrain<IUsageQueryGrain>(0).Range(id, month, today);
        var draft = await cluster.GetGrain<IInvoiceGrain>(InvoiceKeys.Of(id, month)).Get();
        var invoices = await cluster.GetGrain<ITenantInvoicesGrain>(id).List();
        return TypedResults.Ok(new TenantBillingResponse(subscription, plan, new UsageSoFar(month, today, days, UsageTotals.Of(days)), draft, invoices));
    }

    public static Task<IResult> Issue(string id, string month, HttpContext http, IClusterClient cluster) =>
        OnInvoice(id, month, http, cluster, invoice => invoice.Issue());

    public static Task<IResult> Pay(string id, string month, HttpContext http, IClusterClient cluster) =>
        OnInvoice(id, month, http, cluster, invoice => invoice.MarkPaid());

    public static Task<IResult> Reissue(string id, string month, HttpContext http, IClusterClient cluster) =>
        OnInvoice(id, month, http, cluster, invoice => invoice.Reissue());

    public static async Task<IResult> Void(string id, string month, HttpContext http, IClusterClient cluster)
    {
        if (!InvoiceKeys.TryParseMonth(month, out var _)) return BadMonth("month");
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var reason = body!.String("reason", required: true, Grains.Billing.InvoiceGrain.MaxReasonLength);
        if (body.Problem() is { } invalid) return invalid;
        return await OnInvoice(id, month, http, cluster, invoice => invoice.Void(reason!));
    }

    /// <summary>
    /// Runs an admin action on a tenant-month's invoice grain after checking the month and the tenant; the grain's
    /// refusals (<see cref="InvoiceStateException"/> 409, <see cref="InvoiceNotFoundException"/> 404) are mapped by the
    /// domain exception handler.
    /// </summary>
    private static async Task<IResult> OnInvoice(string id, string month, HttpContext http, IClusterClient cluster, Func<IInvoiceGrain, Task<Invoice>> action)
    {
        if (!InvoiceKeys.TryParseMonth(month, out var first)) return BadMonth("month");
        AuditContext.SetTenant(http, id);
        if (await MissingTenant(id, cluster) is { } missing) return missing;
        return TypedResults.Ok(await action(cluster.GetGrain<IInvoiceGrain>(InvoiceKeys.Of(id, first))));
    }

    private static ValidationProblem BadMonth(string field) => P.Validation(field, "Must be a UTC month, yyyy-MM.");

    private static ProblemHttpResult NothingToBill(string tenantId, DateOnly month) =>
        P.NotFound($"No invoice of {BillingCalendar.MonthKey(month)}: the month has not begun, or tenant {tenantId} had no plan on any day of it.");

    private static async Task<ProblemHttpResult?> MissingTenant(string id, IClusterClient cluster) =>
        (await cluster.GetGrain<ITenantGrain>(id).GetSettings()).Exists ? null : P.NotFound($"No tenant {id}.");
}

/// <summary>A tenant's issued invoices, newest month first.</summary>
public sealed record InvoiceListResponse(IReadOnlyList<Invoice> Items);

/// <summary>The body of <c>POST /admin/tenants/{id}/invoices/{month}/void</c>.</summary>
public sealed record VoidInvoiceRequest(string Reason);

/// <summary>Usage from the first of this month to today (UTC), per day with usage, and its totals.</summary>
public sealed record UsageSoFar(DateOnly From, DateOnly To, IReadOnlyList<UsageDay> Days, UsageTotals Totals);

/// <summary>
/// A tenant's billing for the platform admin: the subscription in effect and its plan, this month's usage and draft
/// invoice (null before the tenant's first day on a plan), and the issued invoices, newest first.
/// </summary>
public sealed record TenantBillingResponse(
    Subscription Subscription, Plan? Plan, UsageSoFar ThisMonth, Invoice? Draft, IReadOnlyList<Invoice> Invoices);
