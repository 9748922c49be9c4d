using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Orchestrator.Client.Api.RateLimits;

/// <summary>Wires per-caller request rate limits into the gateway.</summary>
public static class RateLimitExtensions
{
    /// <summary>The StackExchange.Redis configuration string of the Redis shared by the gateways; empty: in-process limits.</summary>
    public const string RedisConfigurationKey = "Orchestrator:Redis:Configuration";

    /// <summary>
    /// <see cref="RateLimitOptions"/> from <c>Orchestrator:RateLimits</c> (validated at start), and the limiter: Redis
    /// when <c>Orchestrator:Redis:Configuration</c> is set, in-process otherwise. Safe to call twice. A configuration
    /// string that cannot be parsed fails here, at start-up.
    /// </summary>
    public static IServiceCollection AddOrchestratorRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(InProcessRateLimiter))) return services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<InProcessRateLimiter>();

        var redis = configuration[RedisConfigurationKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IRateLimiter>(sp => sp.GetRequiredService<InProcessRateLimiter>());
        }
        else
        {
            var redisOptions = ParseRedis(redis);
            services.AddSingleton<IRateLimiter>(sp => ActivatorUtilities.CreateInstance<RedisRateLimiter>(sp, redisOptions));
        }
        return services;
    }

    /// <summary>Limits every request but health probes and metrics. Place it after authentication: it reads the caller's claims.</summary>
    public static IApplicationBuilder UseOrchestratorRateLimits(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<InProcessRateLimiter>() is null)
        {
            throw new InvalidOperationException($"Call services.{nameof(AddOrchestratorRateLimits)}(configuration) before app.{nameof(UseOrchestratorRateLimits)}().");
        }
        return app.UseMiddleware<RateLimitMiddleware>();
    }

    private static ConfigurationOptions ParseRedis(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            // The parser's message names the bad keyword; the string itself may hold a password, so it is not repeated.
            throw new InvalidOperationException($"{RedisConfigurationKey} is not a valid StackExchange.Redis configuration string ({e.Message}); set it like 'redis:6379', or leave it empty for in-process limits.", e);
        }
    }
}
