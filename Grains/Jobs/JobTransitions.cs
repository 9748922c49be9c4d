using System.Collections.Frozen;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

/// <summary>
/// The job state machine: the one table of legal (status, trigger) → status moves. Anything not in the
/// table is an <see cref="IllegalTransitionException"/>, never a silent no-op.
/// </summary>
public static class JobTransitions
{
    private static readonly FrozenDictionary<(JobStatus, JobTrigger), JobStatus> Table =
        new Dictionary<(JobStatus, JobTrigger), JobStatus>
        {
            [(JobStatus.Scheduled, JobTrigger.Due)] = JobStatus.Queued,
            [(JobStatus.Scheduled, JobTrigger.Cancel)] = JobStatus.Cancelled,

            [(JobStatus.Queued, JobTrigger.Start)] = JobStatus.Running,
            [(JobStatus.Queued, JobTrigger.Cancel)] = JobStatus.Cancelled,

            [(JobStatus.Running, JobTrigger.Succeed)] = JobStatus.Succeeded,
            [(JobStatus.Running, JobTrigger.Fail)] = JobStatus.Retrying,
            [(JobStatus.Running, JobTrigger.DeadLetter)] = JobStatus.DeadLettered,
            [(JobStatus.Running, JobTrigger.LeaseLost)] = JobStatus.Queued,
            [(JobStatus.Running, JobTrigger.Cancel)] = JobStatus.Cancelled,

            [(JobStatus.Retrying, JobTrigger.Due)] = JobStatus.Queued,
            // Not in the design card's sketch, but a job waiting out its backoff is as cancellable as a queued one.
            [(JobStatus.Retrying, JobTrigger.Cancel)] = JobStatus.Cancelled,

            [(JobStatus.DeadLettered, JobTrigger.Retry)] = JobStatus.Queued,
            [(JobStatus.Cancelled, JobTrigger.Retry)] = JobStatus.Queued,
        }.ToFrozenDictionary();

    /// <summary>The status after <paramref name="trigger"/> from <paramref name="from"/>.</summary>
    /// <exception cref="IllegalTransitionException">The move is not in the table.</exception>
    public static JobStatus Apply(JobStatus from, JobTrigger trigger) =>
        Table.TryGetValue((from, trigger), out var to) ? to : throw new IllegalTransitionException(from, trigger);

    /// <summary>Whether <paramref name="trigger"/> is legal from <paramref name="from"/>.</summary>
    public static bool IsLegal(JobStatus from, JobTrigger trigger) => Table.ContainsKey((from, trigger));

    /// <summary>Whether a job in this status has nothing left to do on its own.</summary>
    public static bool IsTerminal(JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.DeadLettered or JobStatus.Cancelled;
}
