using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Notifications;

/// <summary>
/// The embedded gateway with an SMTP sink configured as the email server, loopback webhooks allowed (as the http
/// handler tests allow them) and delivery backoff cut to tens of milliseconds, so retries are quick.
/// </summary>
public sealed class NotificationApiFactory : ApiFactory
{
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
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
