using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

/// <summary>Defaults and limits of jobs (<c>Orchestrator:Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string Section = "Orchestrator:Jobs";
    public const int DefaultMaxPayloadBytes = 256 * 1024;
    public const int DefaultMaxAttemptsValue = 5;
    public static readonly TimeSpan DefaultTimeoutValue = TimeSpan.FromMinutes(30);

    /// <summary>Largest accepted payload (UTF-8 bytes of its compact JSON). Default 256 KiB.</summary>
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>
    /// Payloads larger than this (UTF-8 bytes) are stored once in a payload table in cluster mode instead of in the
    /// job row and its state, which every state change rewrites. Reading the job returns them as usual. Embedded mode
    /// keeps every payload in memory with its job. Default 1 KiB.
    /// </summary>
    public int PayloadOffloadBytes { get; set; } = 1024;

    /// <summary>Attempts of a job that does not say. Default 5.</summary>
    public int DefaultMaxAttempts { get; set; } = DefaultMaxAttemptsValue;

    /// <summary>Per-attempt timeout of a job that does not say. Default 30 minutes.</summary>
    public TimeSpan DefaultTimeout { get; set; } = DefaultTimeoutValue;

    /// <summary>Backoff of a job that does not say. Default 1 s doubling to 5 min, full jitter.</summary>
    public BackoffPolicy DefaultBackoff { get; set; } = BackoffPolicy.Default;

    /// <summary>
    /// How often the durable wake-up of a queued or running job re-checks it (the reminder period). A job whose
    /// silo died is re-run within this time. Orleans' reminder minimum is one minute. Default 1 minute.
    /// </summary>
    public TimeSpan LeaseCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Wake-ups nearer than this also get an in-memory grain timer for sub-second precision; later ones rely on
    /// the reminder alone so idle job grains can deactivate. Default 2 minutes.
    /// </summary>
    public TimeSpan TimerHorizon { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long an attempt started from the executor's queue may run before its start is saved. An attempt that ends
    /// sooner (most do) is saved once, start and end together: one row version and one statement fewer per job. The
    /// price, while the start is unsaved: the stored row still says Queued (lists show it so, for up to this long), and
    /// a silo that dies then leaves no record of the attempt, so the job is re-run as the same attempt number without
    /// spending one of its attempts (once: a job re-queued from a lost silo saves its later starts first, see
    /// <see cref="JobState.LostWhileQueued"/>). Every outcome is still saved before it is acknowledged, and an
    /// acknowledged job is never lost. <see cref="TimeSpan.Zero"/> saves every start before the handler runs. An
    /// attempt started in the write that queues it (a free slot at submit) is saved as started either way.
    /// Default 500 ms.
    /// </summary>
    public TimeSpan StartRecordDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time given to a handler past its timeout to stop before the grain declares the attempt timed out. Default 30 s.</summary>
    public TimeSpan TimeoutGrace { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks <see cref="JobOptions"/> at start-up.</summary>
public sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        var failures = new List<string>();
        if (options.MaxPayloadBytes <= 0) failures.Add($"{JobOptions.Section}:MaxPayloadBytes must be positive.");
        if (options.PayloadOffloadBytes < 0) failures.Add($"{JobOptions.Section}:PayloadOffloadBytes must not be negative.");
        if (options.DefaultMaxAttempts is < 1 or > JobLimits.MaxAttemptsLimit) failures.Add($"{JobOptions.Section}:DefaultMaxAttempts must be between 1 and {JobLimits.MaxAttemptsLimit}.");
        if (options.DefaultTimeout <= TimeSpan.Zero || options.DefaultTimeout > JobLimits.MaxTimeout) failures.Add($"{JobOptions.Section}:DefaultTimeout must be positive and at most 24 h.");
        if (options.LeaseCheckPeriod < TimeSpan.FromSeconds(1)) failures.Add($"{JobOptions.Section}:LeaseCheckPeriod must be at least 1 s.");
        if (options.TimerHorizon < TimeSpan.Zero) failures.Add($"{JobOptions.Section}:TimerHorizon must not be negative.");
        if (options.StartRecordDelay < TimeSpan.Zero || options.StartRecordDelay > TimeSpan.FromMinutes(1)) failures.Add($"{JobOptions.Section}:StartRecordDelay must be between 0 and 1 minute.");
        if (options.TimeoutGrace < TimeSpan.Zero) failures.Add($"{JobOptions.Section}:TimeoutGrace must not be negative.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
