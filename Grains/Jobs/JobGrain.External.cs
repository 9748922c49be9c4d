using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Handlers;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workers;
using Orchestrator.Grains.Workers;

namespace Orchestrator.Grains.Jobs;

/// <summary>
/// Jobs run by external workers: a job whose type no silo handles waits Queued in its work queue
/// (<see cref="IWorkQueueGrain"/>), is leased to a worker (Queued → Running under a token and an expiry), kept alive
/// by heartbeats and ended by the worker's report. The grain is the one judge of a lease: the queue may offer a job
/// twice, the grain leases it once; a wrong or expired token changes nothing. An expired lease counts the attempt and
/// returns the job to its queue through the same retry and dead-letter rules as a silo that died mid-attempt.
/// </summary>
public sealed partial class JobGrain
{
    private WorkerOptions Workers => workerOptions.Value;

    private IWorkQueueGrain WorkQueue => GrainFactory.GetGrain<IWorkQueueGrain>(WorkQueueKeys.Of(State.TenantId, State.Queue));

    /// <summary>Persists a Queued external job (this silo holds its activation: <see cref="JobState.Owner"/>) and offers it to its work queue.</summary>
    private async Task QueueExternalAndWriteAsync(string reason)
    {
        await WriteAsync($"{reason}; waiting for an external worker on queue '{State.Queue}'");
        await OfferAsync();
    }

    /// <summary>Offers the job to its work queue and re-offers it every <see cref="WorkerOptions.OfferPeriod"/> while it waits.</summary>
    private async Task OfferAsync()
    {
        SetTimer(Workers.OfferPeriod);
        try
        {
            // The due time, not the last write: a job re-offered after a retry or a lost queue grain keeps its place.
            await WorkQueue.Offer(new QueuedWork(State.Id, State.Priority, State.ReadyAt ?? State.RunAt));
        }
        catch (Exception e)
        {
            LogOfferFailed(e, State.TenantId, State.Id, State.Attempt + 1, State.Queue, State.CorrelationId, executor.SiloName); // the next timer offers again
        }
    }

    public async Task<JobLease?> LeaseExternal(string workerId, TimeSpan leaseFor, bool holdsQueueSlot)
    {
        var s = State;
        if (!job.RecordExists)
        {
            DeactivateOnIdle();
            return null;
        }
        if (!s.External || s.Status != JobStatus.Queued) return null;
        var attempt = s.Attempt + 1;
        StartInMemory(attempt, $"worker:{workerId}");
        s.LeaseToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        s.LeaseWorker = workerId;
        s.LeaseExpiresAt = time.GetUtcNow() + leaseFor;
        s.LeaseHoldsQueueSlot = holdsQueueSlot;
        await WriteAsync($"attempt {attempt} leased to worker {workerId} until {s.LeaseExpiresAt:O}");
        OnStarted(attempt, $"worker:{workerId}");
        SetTimerAt(s.LeaseExpiresAt.Value);
        return new JobLease
        {
            JobId = s.Id, Type = s.Type, Queue = s.Queue, Payload = s.Payload, Attempt = attempt, MaxAttempts = s.MaxAttempts,
            LeaseToken = s.LeaseToken, LeaseExpiresAt = s.LeaseExpiresAt.Value, CorrelationId = s.CorrelationId, Priority = s.Priority,
        };
    }

    public async Task<LeaseRenewal> Heartbeat(string leaseToken, TimeSpan leaseFor, int? progress, IReadOnlyList<string> lines)
    {
        CheckLease(leaseToken);
        var s = State;
        if (lines.Count > 0 || progress is not null)
        {
            var journal = AttemptJournal.Continuing(s.Attempts[^1].Log, time);
            foreach (var line in lines) journal.Write(line);
            if (progress is { } p) journal.SetProgress(p);
            s.Attempts[^1] = s.Attempts[^1] with { Log = journal.Snapshot() };
        }
        s.LeaseExpiresAt = time.GetUtcNow() + leaseFor;
        await WriteAsync(s.StatusReason ?? "running on an external worker");
        SetTimerAt(s.LeaseExpiresAt.Value);
        return new LeaseRenewal(s.LeaseWorker!, s.LeaseExpiresAt.Value);
    }

    public async Task<JobView> ReportExternal(string leaseToken, AttemptOutcome outcome)
    {
        CheckLease(leaseToken);
        var s = State;
        await EndExternalAttemptAsync(outcome with { Log = outcome.Log ?? s.Attempts[^1].Log });
        return s.ToView();
    }

    /// <summary>The wake-up of an external attempt: past its lease it is counted and the job goes back (or to the DLQ); else wait for the expiry.</summary>
    private async Task OnExternalRunningWakeUpAsync(DateTimeOffset now)
    {
        var s = State;
        if (now >= RunningDeadline)
        {
            await EndExternalAttemptAsync(new AttemptTimedOut(s.Timeout));
        }
        else if (s.LeaseExpiresAt is not { } expiry || now >= expiry)
        {
            await EndExternalAttemptAsync(new AttemptLeaseExpired(s.LeaseWorker ?? "unknown"));
        }
        else
        {
            SetTimerAt(expiry < RunningDeadline ? expiry : RunningDeadline);
        }
    }

    private void CheckLease(string leaseToken)
    {
        var s = State;
        if (!job.RecordExists) throw new JobNotFoundException($"Job {Key} does not exist.");
        if (!s.External || s.Status != JobStatus.Running || s.LeaseToken is null
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(s.LeaseToken), System.Text.Encoding.ASCII.GetBytes(leaseToken)))
        {
            throw new LeaseConflictException($"Job {s.Id} is not leased with this token (it is {s.Status}).");
        }
        if (time.GetUtcNow() >= s.LeaseExpiresAt) throw new LeaseConflictException($"The lease of job {s.Id} expired at {s.LeaseExpiresAt:O}.");
    }

    /// <summary>Ends the external attempt with <paramref name="outcome"/> (one write), then gives back its queue slot.</summary>
    private async Task EndExternalAttemptAsync(AttemptOutcome outcome)
    {
        var releaseSlot = ClearLease();
        await CompleteAttempt(State.Attempt, outcome);
        if (releaseSlot) await ReleaseQueueSlotAsync();
    }

    /// <summary>Drops the lease from the state (the caller writes); true when it held a queue slot to give back after that write.</summary>
    private bool ClearLease()
    {
        var heldSlot = State.LeaseHoldsQueueSlot;
        State.LeaseToken = null;
        State.LeaseWorker = null;
        State.LeaseExpiresAt = null;
        State.LeaseHoldsQueueSlot = false;
        return heldSlot;
    }

    /// <summary>
    /// Gives the ended attempt's slot back to its queue's grain. After the write that ended it: a crash in between
    /// keeps the slot counted until the queue's grain is re-activated (it holds its counts in memory).
    /// </summary>
    private async Task ReleaseQueueSlotAsync()
    {
        try
        {
            await GrainFactory.GetGrain<Interfaces.Queues.IQueueGrain>(WorkQueueKeys.Of(State.TenantId, State.Queue)).ReleaseExternal(1, 0);
        }
        catch (Exception e)
        {
            LogQueueSlotReleaseFailed(e, State.TenantId, State.Id, State.Attempt, State.Queue, State.CorrelationId, executor.SiloName);
        }
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Job {TenantId}/{JobId} attempt {Attempt} could not give its slot back to queue {Queue}; the queue's grain counts it until it is re-activated, correlation {CorrelationId}, silo {Silo}")]
    private partial void LogQueueSlotReleaseFailed(Exception error, string tenantId, Guid jobId, int attempt, string queue, string correlationId, string silo);
}
