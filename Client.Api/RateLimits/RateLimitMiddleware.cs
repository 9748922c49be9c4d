using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Problems;

namespace Orchestrator.Client.Api.RateLimits;

/// <summary>
/// Takes each request from its caller's budget (<see cref="RateLimitPartition.For"/>) and answers 429 with
/// <c>Retry-After</c> when it is used up. Reads <see cref="HttpContext.User"/>, so it runs after authentication.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, IRateLimiter limiter, IOptions<RateLimitOptions> options, IProblemDetailsService problems)
{
    /// <summary>Probes and scrapes must keep working however busy a caller is.</summary>
    private static readonly PathString[] Unlimited = ["/healthz", "/readyz", "/metrics"];

    private readonly bool _enabled = options.Value.Enabled;
    private readonly RateLimit _tenantLimit = RateLimit.PerSecond(options.Value.TenantRequestsPerSecond, options.Value.TenantBurst);
    private readonly RateLimit _anonymousLimit = RateLimit.PerMinute(options.Value.AnonymousRequestsPerMinute, options.Value.AnonymousBurst);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_enabled || Array.Exists(Unlimited, path => context.Request.Path.StartsWithSegments(path)))
        {
            await next(context);
            return;
        }
        var partition = RateLimitPartition.For(context.User, context.Connection.RemoteIpAddress, _tenantLimit, _anonymousLimit);
        var decision = await limiter.AcquireAsync(partition.Key, partition.Limit, context.RequestAborted);
        if (decision.IsAllowed)
        {
            await next(context);
            return;
        }
        var retryAfter = decision.RetryAfterSeconds;
        var problem = decision.Outcome == RateLimitOutcome.Limited
            ? new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = string.Create(CultureInfo.InvariantCulture, $"The limit per {partition.Scope} is {partition.Limit.Description}; retry after {retryAfter} s."),
                Type = ProblemTypes.RateLimited,
            }
            : new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Unavailable",
                Detail = "Rate limits cannot be checked right now; retry later.",
                Type = ProblemTypes.Unavailable,
            };
        context.Response.StatusCode = problem.Status!.Value;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
