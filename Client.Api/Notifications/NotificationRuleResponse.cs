using System.Text.Json.Serialization;
using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Client.Api.Notifications;

/// <summary>A notification rule as the API shows it; <see cref="Secret"/> only in the answer that created the tenant's signing secret.</summary>
public sealed record NotificationRuleResponse(Guid Id, string Name, string? AppId, IReadOnlyList<string> Events, string? Queue, string? Type,
    WebhookChannel? Webhook, EmailChannel? Email, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The tenant's webhook signing secret, shown once: when this rule created it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    public static NotificationRuleResponse From(NotificationRule r) =>
        new(r.Id, r.Name, r.AppId, r.Events, r.Queue, r.Type, r.Webhook, r.Email, r.CreatedAt, r.UpdatedAt);
}
