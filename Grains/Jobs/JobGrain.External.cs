using System.Security.Cryptography;
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
            LogOfferFailed(e, State.TenantId, State.Id, State.Queue); // the next timer offers again
        }
    }

    public async Task<JobLease?> LeaseExternal(string workerId, TimeSpan leaseFor)
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
        await WriteAsync($"attempt {attempt} leased to worker {workerId} until {s.LeaseExpiresAt:O}");
        OnStarted(attempt, $"worker:{workerId}");
        SetTimer(leaseFor);
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
        SetTimer(leaseFor);
        return new LeaseRenewal(s.LeaseWorker!, s.LeaseExpiresAt.Value);
    }

    public async Task<JobView> ReportExternal(string leaseToken, AttemptOutcome outcome)
    {
        CheckLease(leaseToken);
        var s = State;
        ClearLease();
        await CompleteAttempt(s.Attempt, outcome with { Log = outcome.Log ?? s.Attempts[^1].Log });
        return s.ToView();
    }

    /// <summary>The wake-up of an external attempt: past its lease it is counted and the job goes back (or to the DLQ); else wait for the expiry.</summary>
    private async Task OnExternalRunningWakeUpAsync(DateTimeOffset now)
    {
        var s = State;
        if (now >= RunningDeadline)
        {
            ClearLease();
            await CompleteAttempt(s.Attempt, new AttemptTimedOut(s.Timeout));
        }
        else if (s.LeaseExpiresAt is not { } expiry || now >= expiry)
        {
            var worker = s.LeaseWorker ?? "unknown";
            ClearLease();
            await CompleteAttempt(s.Attempt, new AttemptLeaseExpired(worker));
        }
        else
        {
            SetTimer((expiry < RunningDeadline ? expiry : RunningDeadline) - now);
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

    private void ClearLease()
    {
        State.LeaseToken = null;
        State.LeaseWorker = null;
        State.LeaseExpiresAt = null;
    }
}
