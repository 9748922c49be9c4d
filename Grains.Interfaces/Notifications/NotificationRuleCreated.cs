namespace Orchestrator.Grains.Interfaces.Notifications;

/// <summary>A new rule, and the tenant's signing secret when this rule created it (shown once).</summary>
[GenerateSerializer, Alias("NotificationRuleCreated")]
public sealed record NotificationRuleCreated([property: Id(0)] NotificationRule Rule, [property: Id(1)] string? Secret);
