using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Grains.Notifications;

/// <summary>
/// Turns a job's or workflow's notifiable transition into delivery jobs: one ordinary job (queue
/// <see cref="Queue"/>, type <c>webhook</c> or <c>email</c>) per matching rule and channel, so deliveries inherit
/// retries, backoff and the dead-letter queue. Each delivery's id is derived from (rule, channel, event, subject,
/// attempt), so submitting again after a crash finds the existing delivery instead of sending twice.
/// </summary>
public sealed partial class NotificationDispatcher(
    IGrainFactory grains,
    NotificationRulesCache rules,
    IOptions<NotificationOptions> options,
    ILogger<NotificationDispatcher> logger)
{
    /// <summary>The queue of every delivery job.</summary>
    public const string Queue = "notifications";

    /// <summary>Job types only notifications may submit (a caller could otherwise have the tenant's secret sign any body).</summary>
    public static readonly IReadOnlyList<string> DeliveryTypes = [Handlers.Webhook.WebhookJobHandler.Name, Handlers.Email.EmailJobHandler.Name];

    /// <summary>The tag that ties a delivery job to its rule; the rule's delivery history lists jobs by it.</summary>
    public static string RuleTag(Guid ruleId) => $"notification-rule:{ruleId:D}";

    /// <summary>The tag naming a delivery's event.</summary>
    public static string EventTag(string @event) => $"notification-event:{@event}";

    private const string SubmittingKey = "orchestrator.notification-delivery";

    /// <summary>True inside <see cref="SubmitAsync"/>'s grain calls: the one context allowed to submit delivery types.</summary>
    public static bool IsSubmitting => RequestContext.Get(SubmittingKey) is true;

    /// <summary>Delivery jobs never notify, so a failing webhook cannot feed itself.</summary>
    public static bool IsDelivery(string queue, string type) => queue == Queue && DeliveryTypes.Contains(type);

    /// <summary>
    /// Whether the subject matches a rule of its tenant: from the per-silo cache, so a tenant without rules pays a
    /// dictionary lookup. When the rules cannot be read, true: <see cref="SubmitAsync"/> looks again later.
    /// </summary>
    public async ValueTask<bool> IsWantedAsync(NotificationSubject subject)
    {
        try
        {
            var tenantRules = await rules.GetAsync(subject.TenantId);
            return tenantRules.Count > 0 && NotificationMatcher.Match(tenantRules, subject).Any();
        }
        catch (Exception e)
        {
            LogRulesUnavailable(e, subject.TenantId, subject.Id);
            return true;
        }
    }

    /// <summary>
    /// Submits the subject's delivery jobs. Returns once each exists (or was refused for good: validation, quota,
    /// which is logged and dropped); throws when one could not be submitted now, so the caller keeps it pending.
    /// </summary>
    public async Task SubmitAsync(NotificationSubject subject)
    {
        var matches = NotificationMatcher.Match(await rules.GetAsync(subject.TenantId), subject).ToList();
        if (matches.Count == 0) return;
        var body = EventJson(subject);
        var deliveries = new List<(Guid RuleId, string Channel, JobSpec Spec)>();
        foreach (var rule in matches)
        {
            if (rule.Webhook is { } webhook) deliveries.Add((rule.Id, Handlers.Webhook.WebhookJobHandler.Name, Spec(rule, subject, Handlers.Webhook.WebhookJobHandler.Name, "url", JsonSerializer.Serialize(webhook.Url), body)));
            if (rule.Email is { } email) deliveries.Add((rule.Id, Handlers.Email.EmailJobHandler.Name, Spec(rule, subject, Handlers.Email.EmailJobHandler.Name, "to", JsonSerializer.Serialize(email.To), body)));
        }
        RequestContext.Set(SubmittingKey, true);
        try
        {
            await Task.WhenAll(deliveries.Select(d => SubmitOneAsync(subject, d.RuleId, d.Channel, d.Spec)));
        }
        finally
        {
            RequestContext.Remove(SubmittingKey);
        }
    }

    private async Task SubmitOneAsync(NotificationSubject subject, Guid ruleId, string channel, JobSpec spec)
    {
        var jobId = JobIds.FromIdempotencyKey(subject.TenantId, spec.IdempotencyKey!);
        try
        {
            var result = await grains.GetGrain<IJobGrain>(JobIds.GrainKey(subject.TenantId, jobId)).Submit(spec);
            if (result.Created) LogSubmitted(subject.TenantId, subject.Id, subject.Event, ruleId, channel, jobId);
        }
        catch (Exception e) when (e is JobValidationException or PayloadTooLargeException or IdempotencyConflictException or QuotaExceededException)
        {
            // Submitting again would be refused again: the notification is dropped, and said so.
            LogRefused(e, subject.TenantId, subject.Id, subject.Event, ruleId, channel);
        }
    }

    /// <summary>
    /// The delivery's job: the key has a space, which an API caller's Idempotency-Key cannot hold, so no caller can
    /// claim a delivery's id first.
    /// </summary>
    private JobSpec Spec(NotificationRule rule, NotificationSubject subject, string channel, string targetField, string targetJson, string body)
    {
        var o = options.Value;
        return new JobSpec
        {
            Type = channel,
            Queue = Queue,
            Payload = $$"""{"ruleId":"{{rule.Id:D}}","{{targetField}}":{{targetJson}},"event":{{body}}}""",
            MaxAttempts = o.DeliveryMaxAttempts,
            Backoff = new BackoffPolicy { Initial = o.DeliveryBackoffInitial, Max = o.DeliveryBackoffMax },
            Timeout = o.DeliveryTimeout,
            CorrelationId = subject.CorrelationId,
            Tags = [RuleTag(rule.Id), EventTag(subject.Event)],
            IdempotencyKey = $"notification delivery:{rule.Id:N}:{channel}:{subject.Event}:{subject.Id:N}:{subject.Attempt}",
        };
    }

    /// <summary>Results larger than this are left out of the event (the receiver can read the job).</summary>
    public const int MaxResultChars = 16 * 1024;

    /// <summary>The event as receivers get it: the webhook's body, the email's attachment of record.</summary>
    public static string EventJson(NotificationSubject s)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", s.Event);
            w.WriteString("tenant", s.TenantId);
            if (s.IsWorkflow)
            {
                w.WriteString("workflowId", s.Id);
                if (s.WorkflowName is not null) w.WriteString("workflowName", s.WorkflowName);
                w.WriteString("status", s.Status);
                w.WriteNumber("run", s.Attempt);
            }
            else
            {
                w.WriteString("jobId", s.Id);
                w.WriteString("status", s.Status);
                w.WriteNumber("attempt", s.Attempt);
                w.WriteString("queue", s.Queue);
                w.WriteString("type", s.Type);
                if (s.WorkflowId is { } workflowId)
                {
                    w.WriteString("workflowId", workflowId);
                    w.WriteString("step", s.Step);
                }
            }
            if (s.Error is null) w.WriteNull("error");
            else w.WriteString("error", s.Error);
            if (s.ResultJson is { Length: > 0 and <= MaxResultChars } result && IsJson(result))
            {
                w.WritePropertyName("result");
                w.WriteRawValue(result);
            }
            else w.WriteNull("result");
            w.WriteString("at", s.At);
            w.WriteString("correlationId", s.CorrelationId);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 3800, Level = LogLevel.Information, Message = "Notification {Event} of {SubjectId} (tenant {TenantId}): rule {RuleId} delivers by {Channel} as job {JobId}")]
    private partial void LogSubmitted(string tenantId, Guid subjectId, string @event, Guid ruleId, string channel, Guid jobId);

    [LoggerMessage(EventId = 3801, Level = LogLevel.Warning, Message = "Notification {Event} of {SubjectId} (tenant {TenantId}): the {Channel} delivery of rule {RuleId} was refused and is dropped")]
    private partial void LogRefused(Exception error, string tenantId, Guid subjectId, string @event, Guid ruleId, string channel);

    [LoggerMessage(EventId = 3802, Level = LogLevel.Warning, Message = "Notification rules of tenant {TenantId} could not be read for {SubjectId}; the notification is kept pending")]
    private partial void LogRulesUnavailable(Exception error, string tenantId, Guid subjectId);
}
