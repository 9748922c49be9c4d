using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Interfaces.Queues;

/// <summary>
/// How one tenant's queue runs, set live by <c>PATCH /v1/queues/{name}</c> and <c>pause|resume</c>. Nulls mean "no
/// limit" or "the system default". Defaults apply to jobs submitted after the change that do not set the value themselves.
/// </summary>
[GenerateSerializer, Immutable, Alias("QueueSettings")]
public sealed record QueueSettings
{
    /// <summary>Paused queues accept jobs but start none; running attempts finish.</summary>
    [Id(0)] public bool Paused { get; init; }
    /// <summary>At most this many of the queue's attempts run at once across all silos.</summary>
    [Id(1)] public int? ConcurrencyLimit { get; init; }
    /// <summary>At most this many attempts start per second across all silos (a burst of as many is allowed).</summary>
    [Id(2)] public double? RatePerSecond { get; init; }
    [Id(3)] public int? DefaultMaxAttempts { get; init; }
    [Id(4)] public BackoffPolicy? DefaultBackoff { get; init; }
    [Id(5)] public TimeSpan? DefaultTimeout { get; init; }
    [Id(6)] public DateTimeOffset? UpdatedAt { get; init; }
    /// <summary>Every job of the queue waits for an external worker, even of a type the silos could run.</summary>
    [Id(7)] public bool External { get; init; }

    public static QueueSettings None { get; } = new();

    /// <summary>Whether starts need permits from the queue's grain (paused, limited or rate-limited).</summary>
    public bool Restricts => Paused || ConcurrencyLimit is not null || RatePerSecond is not null;
}
