using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Grains.Notifications;

/// <summary>Rejects an unusable SMTP configuration at start (only when a host is set).</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.IsConfigured) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (options.Port is < 1 or > 65535) errors.Add($"{SmtpOptions.Section}:Port must be from 1 to 65535.");
        if (!NotificationRuleLimits.IsEmailAddress(options.From)) errors.Add($"{SmtpOptions.Section}:From must be an email address.");
        if (options.UserName is not null && options.Password is null) errors.Add($"{SmtpOptions.Section}:Password must be set with UserName.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
