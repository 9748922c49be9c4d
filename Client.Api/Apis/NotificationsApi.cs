using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Client.Api.Notifications;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Notifications;
using Orchestrator.Grains.Notifications;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/notifications</c>: the tenant's notification rules (on job succeeded, failed, dead-lettered, workflow
/// finished → signed webhook and/or email), the webhook signing secret, and each rule's delivery history (its
/// delivery jobs, which are ordinary jobs in queue <c>notifications</c>).
/// </summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/notifications").WithTags("Notifications");
        group.MapPost("/rules", Create).WithName("CreateNotificationRule").RequireAuthorization(Policies.TenantManage)
            .WithSummary("Create a rule; the answer carries the tenant's webhook signing secret when this rule created it (shown once)")
            .Accepts<NotificationRuleRequest>("application/json");
        group.MapGet("/rules", List).WithName("ListNotificationRules").RequireAuthorization(Policies.JobsRead).WithSummary("The tenant's rules, oldest first");
        group.MapGet("/rules/{id}", Get).WithName("GetNotificationRule").RequireAuthorization(Policies.JobsRead).WithSummary("One rule");
        group.MapPatch("/rules/{id}", Update).WithName("UpdateNotificationRule").RequireAuthorization(Policies.TenantManage)
            .WithSummary("Change fields of a rule; null clears appId, queue, type, webhook or email").Accepts<NotificationRuleRequest>("application/json");
        group.MapDelete("/rules/{id}", Delete).WithName("DeleteNotificationRule").RequireAuthorization(Policies.TenantManage)
            .WithSummary("Delete a rule; its deliveries stay (as jobs)");
        group.MapPost("/secret/rotate", RotateSecret).WithName("RotateNotificationSecret").RequireAuthorization(Policies.TenantManage)
            .WithSummary("Replace the webhook signing secret; the new one is shown once and signs every delivery sent from now on");
        group.MapGet("/rules/{id}/deliveries", Deliveries).WithName("ListNotificationDeliveries").RequireAuthorization(Policies.JobsRead)
            .WithSummary("The rule's deliveries newest first (status, attempts, last error), cursor-paginated (limit, cursor; status filters)");
        return app;
    }

    public static async Task<IResult> Create(HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadDocumentAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var blank = new NotificationRule { Id = Guid.CreateVersion7(), Name = "", Events = [] };
        var (rule, errors) = NotificationRuleReader.Read(body!.RootElement, blank);
        if (rule is null) return P.Validation(errors);
        try
        {
            var created = await Rules(cluster, http).Create(rule);
            return TypedResults.Created($"/v1/notifications/rules/{rule.Id}", NotificationRuleResponse.From(created.Rule) with { Secret = created.Secret });
        }
        catch (JobValidationException e)
        {
            return P.Validation(e.Errors);
        }
    }

    public static async Task<Ok<ItemsResponse<NotificationRuleResponse>>> List(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(new ItemsResponse<NotificationRuleResponse>((await Rules(cluster, http).List()).Select(NotificationRuleResponse.From).ToList()));

    public static async Task<IResult> Get(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var ruleId)) return InvalidId();
        return await Rules(cluster, http).Get(ruleId) is { } rule ? TypedResults.Ok(NotificationRuleResponse.From(rule)) : NotFound(ruleId);
    }

    public static async Task<IResult> Update(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var ruleId)) return InvalidId();
        var grain = Rules(cluster, http);
        if (await grain.Get(ruleId) is not { } current) return NotFound(ruleId);
        var (body, problem) = await JsonBody.ReadDocumentAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var (rule, errors) = NotificationRuleReader.Read(body!.RootElement, current);
        if (rule is null) return P.Validation(errors);
        try
        {
            return await grain.Update(rule) is { } updated ? TypedResults.Ok(NotificationRuleResponse.From(updated)) : NotFound(ruleId);
        }
        catch (JobValidationException e)
        {
            return P.Validation(e.Errors);
        }
    }

    public static async Task<IResult> Delete(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var ruleId)) return InvalidId();
        return await Rules(cluster, http).Delete(ruleId) ? TypedResults.NoContent() : NotFound(ruleId);
    }

    public static async Task<Ok<RotatedSecretResponse>> RotateSecret(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(new RotatedSecretResponse(await Rules(cluster, http).RotateSecret()));

    public static async Task<IResult> Deliveries(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var ruleId)) return InvalidId();
        var tenantId = http.User.TenantId();
        if (await Rules(cluster, http).Get(ruleId) is null) return NotFound(ruleId);
        var (query, errors) = JobListQueryReader.Read(http.Request.Query, tenantId);
        if (query is null) return P.Validation(errors);
        var page = await cluster.GetGrain<IJobQueryGrain>(0).List(query with
        {
            Queue = NotificationDispatcher.Queue, Type = null, Tag = NotificationDispatcher.RuleTag(ruleId),
        });
        var eventTag = NotificationDispatcher.EventTag("");
        return TypedResults.Ok(new NotificationDeliveriesResponse(
            page.Items.Select(j => new NotificationDeliveryResponse(j.Id, j.Type, j.Tags.FirstOrDefault(t => t.StartsWith(eventTag, StringComparison.Ordinal))?[eventTag.Length..],
                j.Status, j.Attempt, j.LastError, j.CreatedAt, j.UpdatedAt)).ToList(),
            page.NextCursor is null ? null : JobListQueryReader.EncodeCursor(page.NextCursor)));
    }

    private static INotificationRulesGrain Rules(IClusterClient cluster, HttpContext http) => cluster.GetGrain<INotificationRulesGrain>(http.User.TenantId());

    private static ValidationProblem InvalidId() => P.Validation("id", "Must be a notification rule id (a UUID).");

    private static ProblemHttpResult NotFound(Guid id) => P.NotFound($"No notification rule {id}.");
}

/// <summary>The body of <c>POST /v1/notifications/rules</c> (PATCH takes any subset).</summary>
public sealed record NotificationRuleRequest(string Name, string[] Events, string? AppId, string? Queue, string? Type, WebhookChannel? Webhook, EmailChannel? Email);
