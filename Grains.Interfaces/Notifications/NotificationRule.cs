namespace Orchestrator.Grains.Interfaces.Notifications;

/// <summary>
/// A tenant's notification rule: which events (optionally only of one app, queue or job type) go to which channels.
/// At least one channel is set.
/// </summary>
[GenerateSerializer, Alias("NotificationRule")]
public sealed record NotificationRule
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    /// <summary>Only jobs tagged <c>app:{AppId}</c> (jobs carry no app of their own); null for all. Workflow events ignore it.</summary>
    [Id(2)] public string? AppId { get; init; }
    /// <summary>Names from <see cref="NotificationEvents"/>.</summary>
    [Id(3)] public required IReadOnlyList<string> Events { get; init; }
    /// <summary>Only jobs of this queue; null for all. Workflow events ignore it.</summary>
    [Id(4)] public string? Queue { get; init; }
    /// <summary>Only jobs of this type; null for all. Workflow events ignore it.</summary>
    [Id(5)] public string? Type { get; init; }
    [Id(6)] public WebhookChannel? Webhook { get; init; }
    [Id(7)] public EmailChannel? Email { get; init; }
    [Id(8)] public DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; init; }
}
