using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Grains.Notifications;

/// <summary>The persistent state of a tenant's notification rules. Ids are stable: never renumber or reuse one.</summary>
[GenerateSerializer, Alias("NotificationRulesState")]
public sealed class NotificationRulesState
{
    [Id(0)] public List<NotificationRule> Rules { get; set; } = [];
    /// <summary>
    /// The webhook signing secret. Stored in clear, unlike API keys and passwords (hashed): signing with HMAC needs
    /// the secret itself. Null until the first webhook rule.
    /// </summary>
    [Id(1)] public string? Secret { get; set; }
    [Id(2)] public DateTimeOffset? SecretCreatedAt { get; set; }
}
