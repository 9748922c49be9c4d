namespace Orchestrator.Grains.Interfaces.Notifications;

/// <summary>Email the event to these addresses through the silo's SMTP server.</summary>
[GenerateSerializer, Alias("EmailChannel")]
public sealed record EmailChannel([property: Id(0)] IReadOnlyList<string> To);
