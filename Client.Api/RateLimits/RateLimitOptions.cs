namespace Orchestrator.Client.Api.RateLimits;

/// <summary>
/// Per-caller request rate limits of the gateway (<c>Orchestrator:RateLimits</c>). The budget is shared by every
/// gateway through Redis when <c>Orchestrator:Redis:Configuration</c> is set, and kept in this process otherwise.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Orchestrator:RateLimits";
    public const int DefaultTenantRequestsPerSecond = 500;
    public const int DefaultTenantBurst = 1000;
    public const int DefaultAnonymousRequestsPerMinute = 60;
    public const int DefaultAnonymousBurst = 20;
    public static readonly TimeSpan DefaultRedisRetryAfter = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultRedisTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether requests are limited at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second of one tenant (all its users and API keys), and of one platform admin. Default 500.</summary>
    public int TenantRequestsPerSecond { get; set; } = DefaultTenantRequestsPerSecond;

    /// <summary>Requests a tenant may make at once after being idle. Default 1000.</summary>
    public int TenantBurst { get; set; } = DefaultTenantBurst;

    /// <summary>Sustained requests per minute of one unauthenticated client address. Default 60.</summary>
    public int AnonymousRequestsPerMinute { get; set; } = DefaultAnonymousRequestsPerMinute;

    /// <summary>Requests an unauthenticated client address may make at once after being idle. Default 20.</summary>
    public int AnonymousBurst { get; set; } = DefaultAnonymousBurst;

    /// <summary>
    /// When Redis cannot be reached: true keeps serving, each gateway limiting on its own (so N gateways allow up to
    /// N times the budget meanwhile) and logging the outage once; false answers 503 with <c>Retry-After</c>. Default true.
    /// </summary>
    public bool FailOpen { get; set; } = true;

    /// <summary>After a Redis error, how long requests are decided without Redis before Redis is tried again. Default 5 s.</summary>
    public TimeSpan RedisRetryAfter { get; set; } = DefaultRedisRetryAfter;

    /// <summary>
    /// The longest a request waits on Redis (connecting included); a slower answer counts as a Redis error. Default 250 ms.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = DefaultRedisTimeout;
}
