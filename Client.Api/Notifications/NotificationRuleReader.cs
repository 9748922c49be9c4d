using System.Text.Json;
using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Client.Api.Notifications;

/// <summary>
/// Reads a rule from a request body: every field for POST; for PATCH any subset over the current rule, where
/// <c>null</c> clears an optional field (<c>appId</c>, <c>queue</c>, <c>type</c>, <c>webhook</c>, <c>email</c>).
/// Unknown fields and wrong shapes are field errors; the content rules are <see cref="NotificationRuleLimits.Validate"/>'s.
/// </summary>
public static class NotificationRuleReader
{
    private static readonly string[] Fields = ["name", "appId", "events", "queue", "type", "webhook", "email"];

    public static (NotificationRule? Rule, Dictionary<string, string[]> Errors) Read(JsonElement body, NotificationRule current)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object) return (null, new() { ["body"] = ["The body must be a JSON object."] });
        foreach (var p in body.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            errors[p.Name] = [$"Unknown field. Known fields: {string.Join(", ", Fields)}."];
        }
        var rule = current;
        if (body.TryGetProperty("name", out var name))
        {
            if (name.ValueKind == JsonValueKind.String) rule = rule with { Name = name.GetString()!.Trim() };
            else errors["name"] = ["Must be a string."];
        }
        if (body.TryGetProperty("events", out var events))
        {
            if (events.ValueKind == JsonValueKind.Array && events.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                rule = rule with { Events = events.EnumerateArray().Select(e => e.GetString()!).ToArray() };
            else errors["events"] = ["Must be an array of event names."];
        }
        rule = rule with
        {
            AppId = OptionalString(body, "appId", rule.AppId, errors),
            Queue = OptionalString(body, "queue", rule.Queue, errors),
            Type = OptionalString(body, "type", rule.Type, errors),
        };
        if (body.TryGetProperty("webhook", out var webhook))
        {
            if (webhook.ValueKind == JsonValueKind.Null) rule = rule with { Webhook = null };
            else if (webhook.ValueKind == JsonValueKind.Object && webhook.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                && webhook.EnumerateObject().All(p => p.Name == "url"))
                rule = rule with { Webhook = new WebhookChannel(url.GetString()!.Trim()) };
            else errors["webhook"] = ["Must be {\"url\": \"https://...\"} or null."];
        }
        if (body.TryGetProperty("email", out var email))
        {
            if (email.ValueKind == JsonValueKind.Null) rule = rule with { Email = null };
            else if (email.ValueKind == JsonValueKind.Object && email.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array
                && to.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String) && email.EnumerateObject().All(p => p.Name == "to"))
                rule = rule with { Email = new EmailChannel(to.EnumerateArray().Select(a => a.GetString()!.Trim()).ToArray()) };
            else errors["email"] = ["Must be {\"to\": [\"ops@example.com\"]} or null."];
        }
        if (errors.Count > 0) return (null, errors);
        errors = NotificationRuleLimits.Validate(rule);
        return errors.Count > 0 ? (null, errors) : (rule, errors);
    }

    private static string? OptionalString(JsonElement body, string field, string? current, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(field, out var value)) return current;
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString()!.Trim();
        errors[field] = ["Must be a string or null."];
        return current;
    }
}
