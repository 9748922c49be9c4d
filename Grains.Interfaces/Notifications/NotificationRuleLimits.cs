using System.Net.Mail;

namespace Orchestrator.Grains.Interfaces.Notifications;

/// <summary>The one validation of a rule's fields, shared by the gateway and the rules grain.</summary>
public static class NotificationRuleLimits
{
    public const int MaxNameLength = 100;
    public const int MaxFilterLength = 100;
    public const int MaxUrlLength = 2048;
    public const int MaxRecipients = 20;

    /// <summary>Field errors of a rule; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(NotificationRule rule)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > MaxNameLength) errors["name"] = [$"Required, at most {MaxNameLength} characters."];
        if (rule.Events.Count == 0) errors["events"] = [$"At least one of {string.Join(", ", NotificationEvents.All)}."];
        else if (rule.Events.FirstOrDefault(e => !NotificationEvents.All.Contains(e)) is { } unknown)
        {
            errors["events"] = [$"Unknown event '{unknown}'. Known: {string.Join(", ", NotificationEvents.All)}."];
        }
        else if (rule.Events.Distinct(StringComparer.Ordinal).Count() != rule.Events.Count) errors["events"] = ["Each event at most once."];
        foreach (var (field, value) in new[] { ("appId", rule.AppId), ("queue", rule.Queue), ("type", rule.Type) })
        {
            if (value is not null && (value.Length == 0 || value.Length > MaxFilterLength)) errors[field] = [$"1 to {MaxFilterLength} characters, or absent."];
        }
        if (rule.Webhook is null && rule.Email is null) errors["channels"] = ["Set 'webhook' and/or 'email'."];
        if (rule.Webhook is { } webhook && !IsWebhookUrl(webhook.Url)) errors["webhook.url"] = [$"An absolute http or https URL of at most {MaxUrlLength} characters."];
        if (rule.Email is { } email)
        {
            if (email.To.Count is 0 or > MaxRecipients) errors["email.to"] = [$"1 to {MaxRecipients} addresses."];
            else if (email.To.FirstOrDefault(a => !IsEmailAddress(a)) is { } bad) errors["email.to"] = [$"'{bad}' is not an email address."];
        }
        return errors;
    }

    public static bool IsWebhookUrl(string url) =>
        url.Length <= MaxUrlLength && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    /// <summary>A bare address (<c>ops@example.com</c>), no display name.</summary>
    public static bool IsEmailAddress(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Length > 0;
}
