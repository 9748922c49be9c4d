namespace Orchestrator.Client.Api.Notifications;

/// <summary>The tenant's new webhook signing secret, shown once.</summary>
public sealed record RotatedSecretResponse(string Secret);
