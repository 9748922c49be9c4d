using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Api.RateLimits;

/// <summary>Checks <see cref="RateLimitOptions"/> at start-up.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.TenantRequestsPerSecond < 1) failures.Add($"{RateLimitOptions.Section}:TenantRequestsPerSecond must be at least 1.");
        if (options.TenantBurst < 1) failures.Add($"{RateLimitOptions.Section}:TenantBurst must be at least 1.");
        if (options.AnonymousRequestsPerMinute < 1) failures.Add($"{RateLimitOptions.Section}:AnonymousRequestsPerMinute must be at least 1.");
        if (options.AnonymousBurst < 1) failures.Add($"{RateLimitOptions.Section}:AnonymousBurst must be at least 1.");
        if (options.RedisRetryAfter < TimeSpan.FromMilliseconds(100) || options.RedisRetryAfter > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{RateLimitOptions.Section}:RedisRetryAfter must be between 100 ms and 10 minutes.");
        }
        if (options.RedisTimeout < TimeSpan.FromMilliseconds(1) || options.RedisTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{RateLimitOptions.Section}:RedisTimeout must be between 1 ms and 30 s.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
