namespace Orchestrator.Client.Api.Notifications;

/// <summary>A page of deliveries, newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next.</summary>
public sealed record NotificationDeliveriesResponse(IReadOnlyList<NotificationDeliveryResponse> Items, string? NextCursor);
