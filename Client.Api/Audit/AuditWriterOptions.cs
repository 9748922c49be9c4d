using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Api.Audit;

/// <summary>The gateway's audit writer (<c>Orchestrator:Audit</c>).</summary>
public sealed class AuditWriterOptions
{
    public const string Section = "Orchestrator:Audit";
    public const int DefaultCapacity = 50_000;
    public const int DefaultMaxBatch = 500;

    /// <summary>Records buffered while the cluster is slow or away; beyond this, new records are dropped (counted, logged). Default 50,000.</summary>
    public int Capacity { get; set; } = DefaultCapacity;

    /// <summary>Most records in one call to the audit log grain. Default 500.</summary>
    public int MaxBatch { get; set; } = DefaultMaxBatch;

    /// <summary>How long the writer lets records gather before sending them (not waited when a full batch is ready). Default 100 ms.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The wait before the first retry of a failed batch; it doubles with every failure. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between retries of a failed batch. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Checks <see cref="AuditWriterOptions"/> at start-up.</summary>
public sealed class AuditWriterOptionsValidator : IValidateOptions<AuditWriterOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditWriterOptions options)
    {
        var failures = new List<string>();
        if (options.Capacity < 1) failures.Add($"{AuditWriterOptions.Section}:Capacity must be at least 1.");
        if (options.MaxBatch < 1) failures.Add($"{AuditWriterOptions.Section}:MaxBatch must be at least 1.");
        if (options.FlushInterval < TimeSpan.Zero) failures.Add($"{AuditWriterOptions.Section}:FlushInterval must not be negative.");
        if (options.RetryDelay <= TimeSpan.Zero) failures.Add($"{AuditWriterOptions.Section}:RetryDelay must be positive.");
        if (options.MaxRetryDelay < options.RetryDelay) failures.Add($"{AuditWriterOptions.Section}:MaxRetryDelay must be at least RetryDelay.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
