using System.Text;
using Orleans.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Handlers;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Handlers.Shell;
using Orchestrator.Grains.Observability;
using Orchestrator.Grains.Storage;
using Orchestrator.Grains.Tenants;
using Orchestrator.Grains.WakeUps;

namespace Orchestrator.Grains.Jobs;

/// <summary>
/// Owns one job: decides every transition through <see cref="JobTransitions"/>, persists it with one write,
/// then acts (set a timer, hand an attempt to the executor, cancel a running one).
/// <para>
/// Wake-ups: every write also records the job's durable wake-up (<see cref="JobState.WakeAt"/>) and, while an
/// executor holds it, its owner silo (<see cref="JobState.Owner"/>), in the same row. The wake shards
/// (<see cref="WakeShardGrain"/>) read that index and call <see cref="Wake"/> when a job is nearly due or its owner
/// is gone, so a job costs no reminder and a far-future job no activation. A grain timer makes near wake-ups precise
/// and keeps the activation of a queued or running job alive on its owner silo.
/// </para>
/// <para>
/// Placement is random: a job's attempts run in the executor of the silo holding its activation, so placement is
/// how work spreads over the worker pool. Orleans' default (resource-optimised) placement sends every activation
/// of a burst to the silo whose last published load looked best, which was seen to put a whole burst on one silo.
/// </para>
/// </summary>
[Orleans.Placement.RandomPlacement]
public sealed partial class JobGrain(
    [PersistentState("job", JobStorage.Name)] IPersistentState<JobState> job,
    JobExecutor executor,
    JobHandlerCatalog handlers,
    IOptions<JobOptions> options,
    IOptions<TenancyOptions> tenancyOptions,
    TenantSettingsCache tenants,
    Billing.QuotaGate quotas,
    IOptions<MetricsOptions> metricsOptions,
    JobTracing tracing,
    Events.JobEventPublisher events,
    IOptions<Workers.WorkerOptions> workerOptions,
    Queues.QueueSettingsCache queueSettings,
    SiloLiveness liveness,
    Notifications.NotificationDispatcher notifications,
    IOptions<Notifications.NotificationOptions> notificationOptions,
    TimeProvider time,
    ILogger<JobGrain> logger) : Grain, IJobGrain
{
    private readonly JobOptions _options = options.Value;
    private IGrainTimer? _timer;

    private JobState State => job.State;

    /// <summary>This job's metric series, resolved once per activation.</summary>
    private JobMetrics Metrics => _metrics ??= OrchestratorMetrics.ForJob(State.Queue, State.Type,
        metricsOptions.Value.TenantLabels.Contains(State.TenantId, StringComparer.Ordinal) ? State.TenantId : "");
    private JobMetrics? _metrics;
    private string Key => this.GetPrimaryKeyString();

    public async Task<SubmitResult> Submit(JobSpec spec)
    {
        if (job.RecordExists)
        {
            if (spec.IdempotencyKey is not null && spec.RequestFingerprint == State.RequestFingerprint)
            {
                return new SubmitResult(State.ToView(), Created: false);
            }
            throw new IdempotencyConflictException(spec.IdempotencyKey is null
                ? $"Job {State.Id} already exists."
                : "This Idempotency-Key was already used with a different request.");
        }

        var payloadBytes = Encoding.UTF8.GetByteCount(spec.Payload);
        if (payloadBytes > _options.MaxPayloadBytes) throw new PayloadTooLargeException(payloadBytes, _options.MaxPayloadBytes);
        var (tenantId, jobId) = JobIds.ParseGrainKey(Key);
        if (spec.CorrelationId.Length == 0) spec = spec with { CorrelationId = CorrelationContext.Current ?? jobId.ToString("N") };
        var errors = handlers.Validate(spec);
        if (errors.Count == 0 && spec.Type == ShellJobHandler.Name && !(await tenants.GetAsync(tenantId)).ShellEnabled)
        {
            errors["type"] = [$"The shell handler is not enabled for tenant {tenantId}; only a platform admin can enable it."];
        }
        if (errors.Count > 0)
        {
            DeactivateOnIdle();
            throw new JobValidationException(errors);
        }

        // New work counts against the tenant's quota; a workflow's steps belong to a run already admitted.
        string? quotaWarning = null;
        try
        {
            if (spec.WorkflowKey is null) quotaWarning = await quotas.AdmitAsync(tenantId, payloadBytes);
        }
        catch (Exception e) when (e is QuotaExceededException or PayloadTooLargeException)
        {
            DeactivateOnIdle();
            throw;
        }

        var now = time.GetUtcNow();
        if ((spec.RunAt ?? now + (spec.Delay ?? TimeSpan.Zero)) <= now && handlers.Handles(spec.Type) && executor.Saturated)
        {
            DeactivateOnIdle();
            OrchestratorMetrics.SubmissionsRefused.WithLabels("saturated").Inc();
            LogSaturated(tenantId, jobId, 1, executor.SiloName, spec.CorrelationId);
            throw new ClusterSaturatedException($"Silo {executor.SiloName} has its maximum of waiting attempts; retry shortly.");
        }
        // The job's own values, else its queue's defaults (PATCH /v1/queues/{name}), else the system's; and whether the queue is external.
        var queueDefaults = await queueSettings.GetAsync(tenantId, spec.Queue);
        var runAt = spec.RunAt ?? now + (spec.Delay ?? TimeSpan.Zero);
        var s = State;
        s.TenantId = tenantId;
        s.Id = jobId;
        s.Type = spec.Type;
        s.Queue = spec.Queue;
        s.Priority = spec.Priority;
        s.Payload = spec.Payload;
        s.RunAt = runAt;
        s.ReadyAt = runAt;
        s.MaxAttempts = spec.MaxAttempts ?? queueDefaults.DefaultMaxAttempts ?? _options.DefaultMaxAttempts;
        s.Backoff = spec.Backoff ?? queueDefaults.DefaultBackoff ?? _options.DefaultBackoff;
        s.Timeout = spec.Timeout ?? queueDefaults.DefaultTimeout ?? _options.DefaultTimeout;
        s.CorrelationId = spec.CorrelationId;
        s.TraceParent = tracing.CaptureParent();
        s.Tags = [.. spec.Tags];
        s.IdempotencyKey = spec.IdempotencyKey;
        s.RequestFingerprint = spec.RequestFingerprint;
        s.WorkflowKey = spec.WorkflowKey;
        s.WorkflowStep = spec.WorkflowStep;
        s.CreatedAt = now;
        s.External = !handlers.Handles(spec.Type) || queueDefaults.External;
        var scheduled = runAt > now;
        s.Status = scheduled ? JobStatus.Scheduled : JobStatus.Queued;
        s.AttemptDueAt = scheduled ? runAt : spec.DueAt;

        if (scheduled)
        {
            await WriteAsync($"scheduled for {runAt:O}");
            // A job due beyond the timer horizon has nothing to do until its wake shard wakes it, which re-activates
            // it: holding the activation until idle collection would cost memory per pending job for nothing.
            if (runAt - now > _options.TimerHorizon) DeactivateOnIdle();
            else SetTimerAt(runAt);
        }
        else
        {
            await QueueAndWriteAsync("submitted");
        }
        Metrics.Created.Inc();
        LogSubmitted(tenantId, jobId, s.Type, s.Queue, s.Status, s.Attempt, s.CorrelationId, executor.SiloName);
        return new SubmitResult(s.ToView(), Created: true) { QuotaWarning = quotaWarning };
    }

    public Task<JobView?> Get()
    {
        if (!job.RecordExists) DeactivateOnIdle();
        return Task.FromResult(job.RecordExists ? WithLiveLog(State.ToView()) : null);
    }

    /// <summary>A running attempt's log and progress as the executor holds them now (they are stored when it ends).</summary>
    private JobView WithLiveLog(JobView view)
    {
        if (view.Status != JobStatus.Running || view.Attempts.Count == 0 || executor.LiveLog(Key, view.Attempt) is not { } live) return view;
        var attempts = view.Attempts.ToArray();
        attempts[^1] = attempts[^1] with { Log = live };
        return view with { Attempts = attempts };
    }

    public async Task<JobView> Cancel(string? reason)
    {
        EnsureExists();
        var s = State;
        s.Status = JobTransitions.Apply(s.Status, JobTrigger.Cancel);
        s.NextAttemptAt = null;
        var releaseSlot = ClearLease(); // an external worker's lease ends with the cancel (its next call answers 409)
        await WriteAsync(string.IsNullOrWhiteSpace(reason) ? "cancelled by caller" : $"cancelled: {reason}");
        ClearTimer();
        executor.Cancel(Key);
        if (releaseSlot) await ReleaseQueueSlotAsync();
        Metrics.Cancelled.Inc();
        LogCancelled(s.TenantId, s.Id, s.Attempt, s.CorrelationId, executor.SiloName);
        // A running attempt still reports its end; the step's outcome is already final.
        NotifyWorkflow();
        return s.ToView();
    }

    public async Task<JobView> Retry()
    {
        EnsureExists();
        var s = State;
        s.Status = JobTransitions.Apply(s.Status, JobTrigger.Retry);
        s.BudgetStart = s.Attempt;
        s.NextAttemptAt = null;
        s.AttemptDueAt = null; // due now, by request: a due time kept by a job cancelled while it waited is not this attempt's
        s.ReadyAt = time.GetUtcNow();
        await QueueAndWriteAsync("retried by caller with a fresh attempt budget");
        return s.ToView();
    }

    public async Task<bool> StartAttempt(int attempt, string silo)
    {
        var s = State;
        // Only the owner's executor may start it: after an activation moved and took the job over, a stale copy in
        // the old owner's executor must not run it a second time.
        if (!job.RecordExists || s.Status != JobStatus.Queued || attempt != s.Attempt + 1 || (s.Owner is not null && s.Owner != silo)) return false;
        StartInMemory(attempt, silo);
        var reason = $"attempt {attempt} started on {silo}";
        if (_options.StartRecordDelay > TimeSpan.Zero && s.LostWhileQueued == 0)
        {
            // Most attempts end before the delay: their start is saved with their end, one row version fewer. The
            // row says Queued with this silo as owner meanwhile, so a crash now re-runs the attempt (see JobOptions).
            _startUnsaved = true;
            s.StatusReason = reason;
            s.UpdatedAt = s.Attempts[^1].StartedAt;
            PublishStatus(reason);
        }
        else
        {
            await WriteAsync(reason);
        }
        OnStarted(attempt, silo);
        return true;
    }

    /// <summary>
    /// True while the running attempt's start is only in memory (<see cref="JobOptions.StartRecordDelay"/>): the
    /// next write saves it, and the job's timer writes it once the delay has passed.
    /// </summary>
    private bool _startUnsaved;

    public async Task CompleteAttempt(int attempt, AttemptOutcome outcome)
    {
        var s = State;
        if (job.RecordExists && s.Status == JobStatus.Queued && attempt == s.Attempt + 1 && outcome.Silo is { } silo && s.Owner == silo)
        {
            // The attempt's start was only in memory (JobOptions.StartRecordDelay) and this activation re-read the row:
            // a failed write dropped the last one, and this one may be on another silo. Only the owner's executor can
            // have been granted this attempt, and it is the one reporting: record the start with the end.
            StartInMemory(attempt, silo, outcome.StartedAt);
        }
        if (!job.RecordExists || attempt != s.Attempt) return; // a report from a superseded attempt
        if (s.Status == JobStatus.Running && outcome.Silo is { } reporter && s.Attempts[^1].Silo != reporter && !s.External) return; // another silo's run of this number
        var record = s.Attempts.FindLastIndex(a => a.Number == attempt);
        if (record < 0 || s.Attempts[record].EndedAt is not null) return; // already recorded (re-delivered report)

        var now = time.GetUtcNow();
        var error = outcome switch
        {
            AttemptFailed f => f.Error,
            AttemptTimedOut t => $"timed out after {t.Timeout}",
            AttemptInterrupted => "lease lost: the silo running the attempt stopped",
            AttemptLeaseExpired e => $"lease expired: worker {e.WorkerId} sent no heartbeat or report in time",
            _ => null,
        };
        s.Attempts[record] = s.Attempts[record] with { EndedAt = now, Result = outcome.Result, Error = error, Output = outcome.Output, Log = outcome.Log };
        Metrics.ExecutionSeconds.Observe((now - s.Attempts[record].StartedAt).TotalSeconds);
        if (s.Status != JobStatus.Running)
        {
            // Cancelled while running: the status is already terminal; only the attempt's end is news.
            await WriteAsync(s.StatusReason ?? "attempt ended");
            return;
        }
        await ApplyOutcomeAsync(attempt, outcome, error, now);
    }

    private async Task ApplyOutcomeAsync(int attempt, AttemptOutcome outcome, string? error, DateTimeOffset now)
    {
        var s = State;
        var attemptsLeft = s.AttemptsUsed < s.MaxAttempts;
        var trigger = outcome switch
        {
            AttemptSucceeded => JobTrigger.Succeed,
            AttemptCancelled => JobTrigger.Cancel,
            AttemptFailed { Retryable: false } => JobTrigger.DeadLetter,
            // A silo that stopped mid-attempt re-queues at once (not the job's fault); an external worker's expired
            // lease is a failed attempt like any other: backoff, then the DLQ when the budget is spent.
            AttemptInterrupted => attemptsLeft ? JobTrigger.LeaseLost : JobTrigger.DeadLetter,
            _ => attemptsLeft ? JobTrigger.Fail : JobTrigger.DeadLetter,
        };
        s.Status = JobTransitions.Apply(s.Status, trigger);
        s.NextAttemptAt = null;
        if (trigger == JobTrigger.DeadLetter) MarkDeadLettered(attempt);
        if (outcome is AttemptSucceeded ok) s.Result = ok.ResultJson;
        CountOutcome(trigger, outcome);
        if (error is not null) s.LastError = error;
        ClearTimer();
        if (NotificationEventOf(trigger) is { } notification) await MarkNotificationAsync(notification, now);

        switch (trigger)
        {
            case JobTrigger.Fail:
                var delay = Backoff.Delay(s.Backoff, s.AttemptsUsed, Random.Shared);
                s.NextAttemptAt = now + delay;
                s.AttemptDueAt = s.NextAttemptAt;
                s.ReadyAt = s.NextAttemptAt;
                await WriteAsync(outcome is AttemptLeaseExpired
                    ? $"attempt {attempt}: lease expired; next attempt at {s.NextAttemptAt:O}"
                    : $"attempt {attempt} failed; next attempt at {s.NextAttemptAt:O}");
                if (delay <= _options.TimerHorizon) SetTimerAt(s.NextAttemptAt.Value);
                LogAttemptFailed(s.TenantId, s.Id, attempt, error, s.CorrelationId, executor.SiloName);
                await FlushNotificationsAsync();
                break;
            case JobTrigger.LeaseLost:
                await QueueAndWriteAsync($"attempt {attempt} lost its lease; re-queued");
                LogLeaseLost(s.TenantId, s.Id, attempt, s.CorrelationId, executor.SiloName);
                break;
            default:
                var reason = trigger switch
                {
                    JobTrigger.Succeed => $"attempt {attempt} succeeded",
                    JobTrigger.DeadLetter when outcome is AttemptFailed { Retryable: false } => $"attempt {attempt} failed with a non-retryable error",
                    JobTrigger.DeadLetter when outcome is AttemptLeaseExpired => $"attempt {attempt}: lease expired and no attempts are left ({s.AttemptsUsed}/{s.MaxAttempts})",
                    JobTrigger.DeadLetter => $"attempt {attempt} failed and no attempts are left ({s.AttemptsUsed}/{s.MaxAttempts})",
                    _ => "cancelled while running",
                };
                await WriteAsync(reason);
                LogAttemptEnded(s.TenantId, s.Id, attempt, s.Status, error, s.CorrelationId, executor.SiloName);
                await FlushNotificationsAsync();
                if (trigger != JobTrigger.Cancel) NotifyWorkflow(); // a cancel already told it
                // An ended job has nothing left to do: free the activation now rather than at idle collection, so
                // memory (and the garbage collector's work) follows the live jobs, not every job of the last hour.
                DeactivateOnIdle();
                break;
        }
    }

    /// <summary>Saves the state with its wake-up and owner, then publishes the live event (unless <paramref name="publish"/> is false: a write that changes no status, such as clearing sent notifications).</summary>
    private async Task WriteAsync(string reason, bool publish = true)
    {
        var s = State;
        s.StatusReason = reason;
        s.UpdatedAt = time.GetUtcNow();
        s.Version++;
        s.WakeAt = s.Status switch
        {
            JobStatus.Scheduled or JobStatus.Retrying => DueAt,
            JobStatus.Running when s.External && s.LeaseExpiresAt is { } expiry => expiry < RunningDeadline ? expiry : RunningDeadline,
            JobStatus.Running => RunningDeadline,
            _ => null,
        };
        s.WakeAt = WithPendingNotifications(s.WakeAt);
        s.Owner = s.Status switch
        {
            JobStatus.Queued => executor.SiloName, // a queued write always hands the job to this silo's executor
            JobStatus.Running => s.External ? executor.SiloName : s.Attempts[^1].Silo, // an external attempt: the silo keeping its lease timer
            _ => null,
        };
        try
        {
            await job.WriteStateAsync();
            _startUnsaved = false;
        }
        catch (Exception e)
        {
            // The in-memory state now holds a change the store does not: drop this activation so the next call
            // re-reads what is durable. A stale ETag means another activation wrote first; anything else means the
            // store could not be reached, which the caller sees as "unavailable, retry" (nothing was acknowledged).
            DeactivateOnIdle();
            if (e is InconsistentStateException || e is JobDomainException) throw;
            throw new StorageUnavailableException($"Job {Key} could not be saved: the store is unavailable.");
        }
        if (publish) PublishStatus(reason);
    }

    /// <summary>Hands the job's current status to the live event stream (after the write that saved it, or for a start kept in memory).</summary>
    private void PublishStatus(string reason)
    {
        var s = State;
        events.Publish(new JobEvent
        {
            Kind = JobEventKinds.Job, TenantId = s.TenantId, Id = s.Id, Status = s.Status.ToString(), Attempt = s.Attempt,
            Queue = s.Queue, Type = s.Type, Reason = reason, At = s.UpdatedAt, WorkflowId = WorkflowIdOf(s.WorkflowKey), Step = s.WorkflowStep,
        });
    }

    private static Guid? WorkflowIdOf(string? workflowKey) => workflowKey is null ? null : JobIds.ParseGrainKey(workflowKey).JobId;

    private void MarkDeadLettered(int attempt)
    {
        var record = State.Attempts.FindLastIndex(a => a.Number == attempt);
        if (record >= 0) State.Attempts[record] = State.Attempts[record] with { DeadLettered = true };
    }

    private void CountOutcome(JobTrigger trigger, AttemptOutcome outcome)
    {
        if (outcome is not (AttemptSucceeded or AttemptCancelled)) Metrics.Failed.Inc();
        var counter = trigger switch
        {
            JobTrigger.Succeed => Metrics.Succeeded,
            JobTrigger.Fail or JobTrigger.LeaseLost => Metrics.Retried,
            JobTrigger.DeadLetter => Metrics.DeadLettered,
            _ => null,
        };
        counter?.Inc();
    }

    /// <summary>Tells the job's workflow (if any) that the job ended: a one-way call, after the write.</summary>
    private void NotifyWorkflow()
    {
        var s = State;
        if (s.WorkflowKey is null || s.WorkflowStep is null) return;
        _ = GrainFactory.GetGrain<Interfaces.Workflows.IWorkflowGrain>(s.WorkflowKey).StepEnded(s.WorkflowStep, s.Id, s.Status, s.Result, s.LastError, s.Attempts.Count);
    }

    private void EnsureExists()
    {
        if (!job.RecordExists)
        {
            DeactivateOnIdle();
            throw new JobNotFoundException($"Job {Key} does not exist.");
        }
    }
}
