using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Orchestrator.Client.Api.RateLimits;

/// <summary>
/// GCRA budgets in Redis, shared by every gateway: one Lua script per request reads and moves a partition's TAT
/// atomically, on the Redis server's clock so gateways with skewed clocks agree. When Redis fails or is slower than
/// <see cref="RateLimitOptions.RedisTimeout"/>, requests are decided by the local limiter (or refused with
/// <see cref="RateLimitOutcome.Unavailable"/> when not <see cref="RateLimitOptions.FailOpen"/>) for
/// <see cref="RateLimitOptions.RedisRetryAfter"/>, then Redis is tried again. An outage is logged once.
/// </summary>
public sealed partial class RedisRateLimiter : IRateLimiter, IAsyncDisposable
{
    /// <summary>Prefix of the partitions' keys: <c>orchestrator:rl:tenant:acme</c>.</summary>
    public const string KeyPrefix = "orchestrator:rl:";

    /// <summary>How long a connection attempt may take; it runs in the background, requests never wait for it.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    // The steps of Gcra.Decide, in microseconds of the server's clock (exact in a Lua double until year 2255).
    // Numbers are written with %.0f because Lua's default formatting keeps only 14 significant digits. The key
    // expires when its TAT passes: from then on a missing key and the stored one decide alike.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local arrival = tonumber(redis.call('GET', KEYS[1]) or now)
        if arrival < now then arrival = now end
        local new_arrival = arrival + interval
        local allowed_from = new_arrival - interval * burst
        if now < allowed_from then
          return {0, string.format('%.0f', allowed_from - now)}
        end
        redis.call('SET', KEYS[1], string.format('%.0f', new_arrival), 'PX', string.format('%.0f', math.ceil((new_arrival - now) / 1000)))
        return {1, '0'}
        """;

    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly InProcessRateLimiter _local;
    private readonly RateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisRateLimiter> _logger;
    private readonly string _endpoints;
    // UTC ticks before which Redis is not tried: after an error every request would otherwise wait out a timeout.
    private long _localUntilTicks;
    // 1 from a Redis error until the next success, so an outage is logged once, not once per request or retry.
    private int _inOutage;

    /// <summary>Starts connecting to <paramref name="redis"/> in the background; requests arriving meanwhile fall back.</summary>
    public RedisRateLimiter(ConfigurationOptions redis, InProcessRateLimiter local, IOptions<RateLimitOptions> options, TimeProvider time, ILogger<RedisRateLimiter> logger)
    {
        _local = local;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var configuration = WithFastFailure(redis, _options.RedisTimeout);
        _endpoints = string.Join(", ", configuration.EndPoints);
        _connection = ConnectAsync(configuration);
    }

    /// <summary>Whether the connection to Redis is up and the script loaded (for readiness checks and tests); decisions never wait for it.</summary>
    public bool IsConnected => _connection.IsCompletedSuccessfully && _connection.Result.IsConnected;

    public async ValueTask<RateLimitDecision> AcquireAsync(string partition, RateLimit limit, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var localUntil = new DateTimeOffset(Interlocked.Read(ref _localUntilTicks), TimeSpan.Zero);
        if (now < localUntil) return WithoutRedis(partition, limit, localUntil - now);
        try
        {
            var decision = await EvaluateAsync(partition, limit).WaitAsync(_options.RedisTimeout, cancellationToken);
            if (Interlocked.Exchange(ref _inOutage, 0) == 1) LogRedisBack(_endpoints);
            return decision;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever failed (connection, timeout, a server error, an unexpected reply), the request is still decided.
            Interlocked.Exchange(ref _localUntilTicks, (now + _options.RedisRetryAfter).UtcTicks);
            if (Interlocked.Exchange(ref _inOutage, 1) == 0)
            {
                LogRedisUnavailable(_endpoints, _options.FailOpen ? "limiting on each gateway alone" : "refusing requests with 503", _options.RedisRetryAfter, exception);
            }
            return WithoutRedis(partition, limit, _options.RedisRetryAfter);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await (await _connection).DisposeAsync();
        }
        catch (RedisException)
        {
            // Never connected: nothing to close.
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        try
        {
            // Ahead of the first request, so that it sends only the script's hash and pays no first-call costs.
            foreach (var server in redis.GetServers()) await server.ScriptLoadAsync(Script);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is down: the first request finds out, falls back and logs it.
        }
        return redis;
    }

    private async Task<RateLimitDecision> EvaluateAsync(string partition, RateLimit limit)
    {
        var redis = await _connection;
        var intervalMicroseconds = Math.Max(1, limit.EmissionInterval.Ticks / TimeSpan.TicksPerMicrosecond);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            Script,
            [new RedisKey(KeyPrefix + partition)],
            [intervalMicroseconds, limit.Burst]);
        var values = (long[])result!;
        return values[0] == 1
            ? RateLimitDecision.Allowed
            : RateLimitDecision.Limited(TimeSpan.FromMicroseconds(values[1]));
    }

    private RateLimitDecision WithoutRedis(string partition, RateLimit limit, TimeSpan retryAfter) =>
        _options.FailOpen ? _local.Acquire(partition, limit) : RateLimitDecision.Unavailable(retryAfter);

    /// <summary>A copy of <paramref name="redis"/> that fails fast instead of making requests wait for Redis.</summary>
    private static ConfigurationOptions WithFastFailure(ConfigurationOptions redis, TimeSpan timeout)
    {
        var configuration = redis.Clone();
        // Start (and keep serving) while Redis is down, reconnecting in the background.
        configuration.AbortOnConnectFail = false;
        // While disconnected a command fails at once instead of waiting in a backlog for the reconnection.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)Math.Ceiling(timeout.TotalMilliseconds);
        configuration.SyncTimeout = (int)Math.Ceiling(timeout.TotalMilliseconds);
        return configuration;
    }
}
