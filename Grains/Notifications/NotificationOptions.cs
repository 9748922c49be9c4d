namespace Orchestrator.Grains.Notifications;

/// <summary>Notification rules and their deliveries (<c>Orchestrator:Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Orchestrator:Notifications";
    public static readonly TimeSpan DefaultRulesCacheTtl = TimeSpan.FromSeconds(30);
    public const int DefaultMaxRulesPerTenant = 100;
    public const int DefaultDeliveryMaxAttempts = 8;
    public static readonly TimeSpan DefaultDeliveryBackoffInitial = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultDeliveryBackoffMax = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultDeliveryTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultPendingRetry = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a silo trusts its cached copy of a tenant's rules. A change is seen at once on the silo that made it
    /// (and, in embedded mode, everywhere) and within this time on the others. Default 30 s.
    /// </summary>
    public TimeSpan RulesCacheTtl { get; set; } = DefaultRulesCacheTtl;

    /// <summary>Rules a tenant may have. Default 100.</summary>
    public int MaxRulesPerTenant { get; set; } = DefaultMaxRulesPerTenant;

    /// <summary>Attempts of a delivery job before it is dead-lettered. Default 8.</summary>
    public int DeliveryMaxAttempts { get; set; } = DefaultDeliveryMaxAttempts;

    /// <summary>A delivery's first backoff (doubling, full jitter). Default 5 s.</summary>
    public TimeSpan DeliveryBackoffInitial { get; set; } = DefaultDeliveryBackoffInitial;

    /// <summary>The cap of a delivery's backoff. Default 10 min.</summary>
    public TimeSpan DeliveryBackoffMax { get; set; } = DefaultDeliveryBackoffMax;

    /// <summary>Per-attempt timeout of a delivery. Default 30 s.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = DefaultDeliveryTimeout;

    /// <summary>
    /// When a job's or workflow's notification could not be handed to its delivery jobs (a silo crash, an unreachable
    /// grain), how soon it is tried again; kept as the job's durable wake-up meanwhile. Longer than the wake shards'
    /// look-ahead (5 s), so the normal path (submit, then clear) never draws a wake-up. Default 10 s.
    /// </summary>
    public TimeSpan PendingRetry { get; set; } = DefaultPendingRetry;
}
