using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Notifications;

/// <summary>
/// The embedded gateway with an SMTP sink configured as the email server, loopback webhooks allowed (as the http
/// handler tests allow them), delivery backoff cut to tens of milliseconds, so retries are quick, and three delivery
/// attempts, so a receiver that keeps failing dead-letters its delivery within a test (and "500 twice, then 200"
/// succeeds on the last one).
/// </summary>
public sealed class NotificationApiFactory : ApiFactory
{
    public const int DeliveryMaxAttempts = 3;

    public SmtpSink Smtp { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Handlers:Http:AllowPrivateNetworks"] = "true",
        ["Orchestrator:Notifications:Smtp:Host"] = "127.0.0.1",
        ["Orchestrator:Notifications:Smtp:Port"] = Smtp.Port.ToString(),
        ["Orchestrator:Notifications:Smtp:UseTls"] = "false",
        ["Orchestrator:Notifications:Smtp:From"] = "orchestrator@example.test",
        ["Orchestrator:Notifications:DeliveryBackoffInitial"] = "00:00:00.050",
        ["Orchestrator:Notifications:DeliveryBackoffMax"] = "00:00:00.100",
        ["Orchestrator:Notifications:DeliveryMaxAttempts"] = DeliveryMaxAttempts.ToString(),
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
