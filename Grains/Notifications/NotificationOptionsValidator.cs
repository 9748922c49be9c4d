using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Notifications;

/// <summary>Rejects out-of-range notification settings at start.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        var s = NotificationOptions.Section;
        if (options.RulesCacheTtl < TimeSpan.Zero) errors.Add($"{s}:RulesCacheTtl must not be negative.");
        if (options.MaxRulesPerTenant < 1) errors.Add($"{s}:MaxRulesPerTenant must be at least 1.");
        if (options.DeliveryMaxAttempts < 1) errors.Add($"{s}:DeliveryMaxAttempts must be at least 1.");
        if (options.DeliveryBackoffInitial <= TimeSpan.Zero) errors.Add($"{s}:DeliveryBackoffInitial must be positive.");
        if (options.DeliveryBackoffMax < options.DeliveryBackoffInitial) errors.Add($"{s}:DeliveryBackoffMax must not be below DeliveryBackoffInitial.");
        if (options.DeliveryTimeout <= TimeSpan.Zero) errors.Add($"{s}:DeliveryTimeout must be positive.");
        if (options.PendingRetry <= TimeSpan.Zero) errors.Add($"{s}:PendingRetry must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
