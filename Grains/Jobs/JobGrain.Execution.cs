using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Observability;

namespace Orchestrator.Grains.Jobs;

/// <summary>Handing attempts to the silo's executor.</summary>
public sealed partial class JobGrain
{
    /// <summary>
    /// Persists a job that is now Queued and hands its next attempt to this silo's executor. When the executor has
    /// a free slot right now the attempt starts in the same write (Queued → Running, one write and no lease round
    /// trip instead of two); otherwise the job waits in the executor's queue and is started by
    /// <see cref="StartAttempt"/>.
    /// </summary>
    private async Task QueueAndWriteAsync(string reason)
    {
        if (State.External)
        {
            await QueueExternalAndWriteAsync(reason);
            return;
        }
        var item = NextWorkItem();
        var reservation = executor.TryReserve(item);
        if (reservation is null)
        {
            await WriteAsync(reason);
            executor.Enqueue(item);
            // Keeps the activation on this, the owner silo, and re-checks that the executor still holds the job.
            SetTimer(_options.LeaseCheckPeriod);
            return;
        }
        StartInMemory(item.Attempt, executor.SiloName);
        try
        {
            await WriteAsync($"{reason}; attempt {item.Attempt} started on {executor.SiloName}");
        }
        catch
        {
            executor.Release(reservation);
            throw;
        }
        OnStarted(item.Attempt, executor.SiloName);
        executor.Launch(reservation);
    }

    /// <summary>
    /// Records the attempt as started, in memory, for the write that follows. The due time it waited for is cleared
    /// in the same write; its lateness is kept for <see cref="OnStarted"/>, which observes it once the start is saved.
    /// </summary>
    private void StartInMemory(int attempt, string silo, DateTimeOffset? grantedAt = null)
    {
        var s = State;
        var startedAt = grantedAt ?? time.GetUtcNow();
        s.Status = JobTransitions.Apply(s.Status, JobTrigger.Start);
        s.Attempt = attempt;
        s.Attempts.Add(new JobAttempt { Number = attempt, StartedAt = startedAt, Silo = silo, Result = AttemptResult.Running });
        // Clamped at zero: a schedule's fire time comes from another silo's clock, which may run a little ahead.
        _startLateness = s.AttemptDueAt is { } due ? (startedAt > due ? startedAt - due : TimeSpan.Zero) : null;
        s.AttemptDueAt = null;
    }

    /// <summary>The schedule lateness of the attempt <see cref="StartInMemory"/> began, until <see cref="OnStarted"/> observes it.</summary>
    private TimeSpan? _startLateness;

    private void OnStarted(int attempt, string silo)
    {
        var s = State;
        if (attempt == 1 && s.RunAt <= s.CreatedAt)
        {
            Metrics.StartLatencySeconds.Observe((s.Attempts[^1].StartedAt - s.CreatedAt).TotalSeconds);
        }
        if (_startLateness is { } lateness) Metrics.LatenessSeconds.Observe(lateness.TotalSeconds);
        _startLateness = null;
        // Keeps the activation (and so its view of the running attempt) alive, checks that the executor still holds
        // the attempt, and catches a handler that outlives its timeout and grace.
        // An attempt whose start is only in memory gets its start saved when the timer first fires.
        var check = Min(_options.LeaseCheckPeriod, s.Timeout + _options.TimeoutGrace);
        SetTimer(_startUnsaved ? Min(check, _options.StartRecordDelay) : check);
        LogAttemptStarted(s.TenantId, s.Id, attempt, silo, s.CorrelationId);
    }

    /// <summary>Hands the next attempt of a job already durable as Queued (owned by this silo) to this silo's executor; when it refuses (stopping), the job's owner is gone once this silo is, and another silo takes it.</summary>
    private void Dispatch() => executor.Enqueue(NextWorkItem());

    private JobWorkItem NextWorkItem()
    {
        var s = State;
        return new JobWorkItem
        {
            JobKey = Key,
            TenantId = s.TenantId,
            Attempt = s.Attempt + 1,
            Queue = s.Queue,
            Priority = s.Priority,
            Type = s.Type,
            Payload = s.Payload,
            Timeout = s.Timeout,
            CorrelationId = s.CorrelationId,
            TraceParent = s.TraceParent,
        };
    }

}
