using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

/// <summary>The persistent state of one job grain. Ids are stable: never renumber or reuse one.</summary>
[GenerateSerializer, Alias("JobState")]
public sealed class JobState
{
    [Id(0)] public string TenantId { get; set; } = "";
    [Id(1)] public Guid Id { get; set; }
    [Id(2)] public string Type { get; set; } = "";
    [Id(3)] public string Queue { get; set; } = JobLimits.DefaultQueue;
    [Id(4)] public int Priority { get; set; }
    [Id(5)] public JobStatus Status { get; set; }
    [Id(6)] public string? StatusReason { get; set; }
    [Id(7)] public string Payload { get; set; } = "null";
    [Id(8)] public DateTimeOffset RunAt { get; set; }
    [Id(9)] public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>Attempts started over the whole history; the current attempt's number while running.</summary>
    [Id(10)] public int Attempt { get; set; }
    [Id(11)] public int MaxAttempts { get; set; }
    /// <summary>The value of <see cref="Attempt"/> when the current budget began (0, or the attempt count at the last manual retry).</summary>
    [Id(12)] public int BudgetStart { get; set; }
    [Id(13)] public BackoffPolicy Backoff { get; set; } = BackoffPolicy.Default;
    [Id(14)] public TimeSpan Timeout { get; set; }
    [Id(15)] public string CorrelationId { get; set; } = "";
    [Id(16)] public List<string> Tags { get; set; } = [];
    [Id(17)] public string? Result { get; set; }
    [Id(18)] public string? LastError { get; set; }
    [Id(19)] public List<JobAttempt> Attempts { get; set; } = [];
    [Id(20)] public string? IdempotencyKey { get; set; }
    [Id(21)] public string? RequestFingerprint { get; set; }
    [Id(22)] public DateTimeOffset CreatedAt { get; set; }
    [Id(23)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Incremented on every write; the storage's ETag.</summary>
    [Id(24)] public long Version { get; set; }
    /// <summary>
    /// The durable wake-up (see <see cref="WakeUps.IJobWakeIndex"/>): the due time of a scheduled or retrying job, the
    /// deadline (timeout + grace) of a running attempt, else null. Derived from the status on every write.
    /// </summary>
    [Id(25)] public DateTimeOffset? WakeAt { get; set; }
    /// <summary>The silo whose executor holds the job while it is queued or running (an Orleans silo address), else null.</summary>
    [Id(26)] public string? Owner { get; set; }
    /// <summary>
    /// Set while the job's tenant is blocked: the job was due but waits (status unchanged) until this time, then checks
    /// the tenant again. Blocking pauses a tenant's scheduled work; it never drops it.
    /// </summary>
    [Id(27)] public DateTimeOffset? HeldUntil { get; set; }
    /// <summary>The workflow this job is a step of (its grain key), told when the job ends; null for a plain job.</summary>
    [Id(28)] public string? WorkflowKey { get; set; }
    [Id(29)] public string? WorkflowStep { get; set; }
    /// <summary>The W3C trace context of the submitting request, when tracing is on: the parent of every attempt's span.</summary>
    [Id(30)] public string? TraceParent { get; set; }
    /// <summary>
    /// Notifications owed by transitions already saved, not yet handed to their delivery jobs; while any is here the
    /// job keeps a durable wake-up (<see cref="WakeAt"/>), so a silo crash in between cannot lose one.
    /// </summary>
    [Id(31)] public List<Notifications.PendingNotification> PendingNotifications { get; set; } = [];

    /// <summary>Runs on an external worker (no handler of its type in the silos): waits in its work queue while Queued.</summary>
    [Id(40)] public bool External { get; set; }
    /// <summary>The current external lease: its token, holder and expiry (while Running on a worker).</summary>
    [Id(41)] public string? LeaseToken { get; set; }
    [Id(42)] public string? LeaseWorker { get; set; }
    [Id(43)] public DateTimeOffset? LeaseExpiresAt { get; set; }
    /// <summary>
    /// When the next attempt was due, for work that waited for a time: a delayed job's run time, the end of a
    /// retry's backoff, a schedule's fire time; null for work due at submission. The attempt's start clears it and
    /// observes the schedule lateness (start − this), so a wait for a slot, a worker or a failover counts too.
    /// </summary>
    [Id(44)] public DateTimeOffset? AttemptDueAt { get; set; }

    /// <summary>
    /// When the job last became due: its runAt, the end of its backoff, or a manual retry. Orders it among waiting jobs
    /// of equal priority in its work queue, so a re-offer keeps its place (null in states written before it: use runAt).
    /// </summary>
    [Id(53)] public DateTimeOffset? ReadyAt { get; set; }
    /// <summary>The current external lease holds one of its queue's concurrency slots, to give back when the attempt ends.</summary>
    [Id(54)] public bool LeaseHoldsQueueSlot { get; set; }

    /// <summary>
    /// Times the job was re-queued because the silo holding it while Queued was gone. That silo may have been running
    /// an attempt whose start was not saved yet (<see cref="JobOptions.StartRecordDelay"/>), which no record counts;
    /// from the first such loss on, this job's starts are saved before they run, so an attempt that keeps killing its
    /// silo is counted as lost and ends in the dead-letter queue like any other, instead of crashing silos forever.
    /// </summary>
    [Id(55)] public int LostWhileQueued { get; set; }

    /// <summary>Attempts used from the current budget.</summary>
    public int AttemptsUsed => Attempt - BudgetStart;

    public JobView ToView() => new()
    {
        TenantId = TenantId,
        Id = Id,
        Type = Type,
        Queue = Queue,
        Priority = Priority,
        Status = Status,
        StatusReason = StatusReason,
        Payload = Payload,
        RunAt = RunAt,
        NextAttemptAt = NextAttemptAt,
        Attempt = Attempt,
        MaxAttempts = MaxAttempts,
        Backoff = Backoff,
        Timeout = Timeout,
        CorrelationId = CorrelationId,
        Tags = Tags.ToArray(),
        Result = Result,
        LastError = LastError,
        Attempts = Attempts.ToArray(),
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        Version = Version,
        IdempotencyKey = IdempotencyKey,
    };

    public JobSummary ToSummary() => new()
    {
        Id = Id,
        Type = Type,
        Queue = Queue,
        Priority = Priority,
        Status = Status,
        Attempt = Attempt,
        MaxAttempts = MaxAttempts,
        RunAt = RunAt,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        LastError = LastError,
        CorrelationId = CorrelationId,
        Tags = Tags.ToArray(),
    };
}
