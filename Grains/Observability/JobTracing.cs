using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Observability;

/// <summary>
/// The orchestrator's own spans (ActivitySource <c>Orchestrator</c>): one per job attempt, a child of the request
/// that submitted the job. An attempt runs outside the grain turn — often later, maybe on another silo after a
/// restart — so the submitting trace context is stored with the job (<see cref="CaptureParent"/>) rather than taken
/// from the ambient activity. A per-silo service: both are no-ops when <see cref="TracingOptions.Enabled"/> is off.
/// </summary>
public sealed class JobTracing(IOptions<TracingOptions> options)
{
    public const string SourceName = "Orchestrator";
    private static readonly ActivitySource Source = new(SourceName);
    private readonly bool _enabled = options.Value.Enabled;

    /// <summary>The W3C trace context of the current call (the submitting request's), to store with a new job; null when tracing is off.</summary>
    public string? CaptureParent() => _enabled ? Activity.Current?.Id : null;

    /// <summary>Starts the span of an attempt (null when tracing is off or the trace is not sampled).</summary>
    public Activity? StartAttempt(JobWorkItem item, string tenantId, Guid jobId, string silo)
    {
        if (!_enabled) return null;
        ActivityContext.TryParse(item.TraceParent, null, out var parent);
        var activity = Source.StartActivity($"job.attempt {item.Type}", ActivityKind.Consumer, parent);
        if (activity is null) return null;
        activity.SetTag("orchestrator.tenant", tenantId);
        activity.SetTag("orchestrator.job_id", jobId.ToString());
        activity.SetTag("orchestrator.attempt", item.Attempt);
        activity.SetTag("orchestrator.queue", item.Queue);
        activity.SetTag("orchestrator.correlation_id", item.CorrelationId);
        activity.SetTag("orchestrator.silo", silo);
        return activity;
    }

    /// <summary>Records how the attempt ended on its span.</summary>
    public static void End(Activity? activity, AttemptOutcome outcome)
    {
        if (activity is null) return;
        activity.SetTag("orchestrator.result", outcome.Result.ToString());
        if (outcome is AttemptSucceeded) activity.SetStatus(ActivityStatusCode.Ok);
        else activity.SetStatus(ActivityStatusCode.Error, outcome is AttemptFailed f ? f.Error : outcome.Result.ToString());
    }
}
