using Orchestrator.Client.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using GrainJitter = Orchestrator.Grains.Interfaces.Jobs.BackoffJitter;

namespace Orchestrator.Client.Cluster;

/// <summary>
/// The <see cref="JobSpec"/> the gateway's request reader would build from the same submission, and its check with
/// <see cref="JobLimits.Validate"/> (the one the gateway and the job grain share), with field names prefixed as there.
/// </summary>
internal static class JobSpecs
{
    public static JobSpec From(JobTemplate template, string correlationId) => new()
    {
        Type = template.Type ?? "",
        Payload = JobBody.PayloadJson(template.Payload),
        Queue = template.Queue ?? JobLimits.DefaultQueue,
        Priority = template.Priority ?? 0,
        MaxAttempts = template.MaxAttempts,
        Backoff = template.Backoff is { } backoff ? Backoff(backoff) : null,
        Timeout = template.Timeout,
        CorrelationId = correlationId,
        Tags = template.Tags ?? [],
    };

    /// <summary>Adds the spec's field errors to <paramref name="errors"/> under <paramref name="prefix"/>.</summary>
    public static void Validate(JobSpec spec, string prefix, Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in JobLimits.Validate(spec)) errors[prefix + field] = messages;
    }

    /// <summary>The defaults with the given members applied, in the gateway's order (an initial delay above the default cap raises the cap).</summary>
    private static BackoffPolicy Backoff(BackoffOptions options)
    {
        var policy = BackoffPolicy.Default;
        if (options.Initial is { } initial) policy = policy with { Initial = initial, Max = policy.Max < initial ? initial : policy.Max };
        if (options.Max is { } max) policy = policy with { Max = max };
        if (options.Multiplier is { } multiplier) policy = policy with { Multiplier = multiplier };
        if (options.Jitter is { } jitter) policy = policy with { Jitter = EnumMap.To<GrainJitter>(jitter) };
        return policy;
    }
}
