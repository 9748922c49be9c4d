namespace Orchestrator.Grains.Interfaces.Notifications;

/// <summary>POST the event as JSON to <see cref="Url"/>, signed with the tenant's notification secret.</summary>
[GenerateSerializer, Alias("WebhookChannel")]
public sealed record WebhookChannel([property: Id(0)] string Url);
