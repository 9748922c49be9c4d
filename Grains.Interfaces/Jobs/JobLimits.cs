using System.Text.RegularExpressions;

namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>
/// The bounds of a job submission, and the one check of a <see cref="JobSpec"/> that the gateway and the
/// job grain share. Handler-specific payload rules are checked by the handler in the silo.
/// </summary>
public static partial class JobLimits
{
    public const string DefaultQueue = "default";
    public const int MinPriority = -1000;
    public const int MaxPriority = 1000;
    public const int MaxAttemptsLimit = 100;
    public const int MaxTags = 20;
    public const int MaxTagLength = 64;
    public const int MaxCorrelationIdLength = 128;
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxBatchSize = 1000;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromDays(7);
    public const double MaxBackoffMultiplier = 10;
    /// <summary>Log lines kept per attempt (the most recent ones).</summary>
    public const int MaxLogLinesPerAttempt = 200;
    /// <summary>A longer log line is cut to this many characters.</summary>
    public const int MaxLogLineChars = 1000;
    /// <summary>Characters of log lines kept per attempt: the attempt history lives in the job's state, so it stays small.</summary>
    public const int MaxLogCharsPerAttempt = 16 * 1024;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    public static partial Regex NamePattern();

    [GeneratedRegex("^[\\x21-\\x7E]+$")]
    public static partial Regex VisibleAsciiPattern();

    /// <summary>Field errors of a spec (empty when valid), keyed by the JSON field name.</summary>
    public static Dictionary<string, string[]> Validate(JobSpec spec)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        if (!NamePattern().IsMatch(spec.Type)) Add("type", "Must be 1-100 characters: letters, digits, '.', '_' or '-'.");
        if (!NamePattern().IsMatch(spec.Queue)) Add("queue", "Must be 1-100 characters: letters, digits, '.', '_' or '-'.");
        if (spec.Priority is < MinPriority or > MaxPriority) Add("priority", $"Must be between {MinPriority} and {MaxPriority}.");
        if (spec.RunAt is not null && spec.Delay is not null) Add("runAt", "Give either runAt or delay, not both.");
        if (spec.Delay is { } delay && (delay < TimeSpan.Zero || delay > MaxDelay)) Add("delay", $"Must be between 0 and {MaxDelay.TotalDays:0} days.");
        if (spec.MaxAttempts is { } max && (max < 1 || max > MaxAttemptsLimit)) Add("maxAttempts", $"Must be between 1 and {MaxAttemptsLimit}.");
        if (spec.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxTimeout)) Add("timeout", $"Must be greater than 0 and at most {MaxTimeout.TotalHours:0} hours.");
        if (spec.Backoff is { } b)
        {
            if (b.Initial <= TimeSpan.Zero || b.Initial > MaxBackoff) Add("backoff.initial", $"Must be greater than 0 and at most {MaxBackoff.TotalDays:0} days.");
            if (b.Max < b.Initial || b.Max > MaxBackoff) Add("backoff.max", $"Must be at least backoff.initial and at most {MaxBackoff.TotalDays:0} days.");
            if (double.IsNaN(b.Multiplier) || b.Multiplier < 1 || b.Multiplier > MaxBackoffMultiplier) Add("backoff.multiplier", $"Must be between 1 and {MaxBackoffMultiplier}.");
        }
        if (spec.CorrelationId.Length is 0 or > MaxCorrelationIdLength || !VisibleAsciiPattern().IsMatch(spec.CorrelationId))
            Add("correlationId", $"Must be 1-{MaxCorrelationIdLength} visible ASCII characters.");
        if (spec.Tags.Count > MaxTags) Add("tags", $"At most {MaxTags} tags.");
        else if (spec.Tags.Any(t => t.Length is 0 or > MaxTagLength)) Add("tags", $"Each tag must be 1-{MaxTagLength} characters.");
        return errors;
    }
}
