using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Tenants;

namespace Orchestrator.Grains.Jobs;

/// <summary>Wake-ups: what a wake-up (from the job's wake shard or its own timer) does, and the timer that makes it precise.</summary>
public sealed partial class JobGrain
{
    public Task Wake() => OnWakeUpAsync();

    /// <summary>When a scheduled or retrying job should next act: its due time, or later while its tenant is blocked.</summary>
    private DateTimeOffset DueAt
    {
        get
        {
            var due = State.Status == JobStatus.Scheduled ? State.RunAt : State.NextAttemptAt ?? State.UpdatedAt;
            return State.HeldUntil is { } held && held > due ? held : due;
        }
    }

    /// <summary>The deadline of the running attempt: its timeout plus the grace given to the handler to stop.</summary>
    private DateTimeOffset RunningDeadline => State.Attempts[^1].StartedAt + State.Timeout + _options.TimeoutGrace;

    /// <summary>The one place a wake-up is acted on; safe to run any number of times, from any silo.</summary>
    private async Task OnWakeUpAsync()
    {
        if (!job.RecordExists)
        {
            ClearTimer();
            DeactivateOnIdle();
            return;
        }
        // A notification whose submission was cut short (a crash, an unreachable grain) is what this wake-up may be for.
        await FlushNotificationsAsync();
        var s = State;
        if (_startUnsaved && s.Status == JobStatus.Running)
        {
            // The attempt outlived JobOptions.StartRecordDelay: save its start, so lists, the wake index (its
            // deadline) and a crash from now on see it running.
            await WriteAsync(s.StatusReason ?? $"attempt {s.Attempt} started", publish: false);
        }
        var now = time.GetUtcNow();
        switch (s.Status)
        {
            case JobStatus.Scheduled or JobStatus.Retrying:
                var dueAt = DueAt;
                if (now < dueAt)
                {
                    if (_timer is null && dueAt - now <= _options.TimerHorizon) SetTimerAt(dueAt);
                    return;
                }
                if ((await tenants.GetAsync(s.TenantId)).IsBlocked)
                {
                    await HoldWhileBlockedAsync(now);
                    return;
                }
                s.Status = JobTransitions.Apply(s.Status, JobTrigger.Due);
                s.NextAttemptAt = null;
                s.HeldUntil = null;
                ClearTimer();
                await QueueAndWriteAsync($"due at {dueAt:O}");
                break;
            case JobStatus.Queued when s.External:
                // Waiting for a worker: keep offering it; an activation that moved here first records that it holds it.
                if (s.Owner == executor.SiloName) await OfferAsync();
                else await QueueExternalAndWriteAsync($"re-offered: silo {s.Owner} is gone");
                break;
            case JobStatus.Running when s.External:
                await OnExternalRunningWakeUpAsync(now);
                break;
            case JobStatus.Queued when s.Owner == executor.SiloName:
                // Not held here means the attempt was lost on the way (the executor refused it while stopping, or a
                // start call failed): hand it over again. The owner does not change, so there is nothing to write.
                if (!executor.Holds(Key)) Dispatch();
                SetTimer(_options.LeaseCheckPeriod);
                break;
            case JobStatus.Queued when OwnerIsGone(s.Owner):
                s.LostWhileQueued++; // see JobState.LostWhileQueued: its next starts are saved before they run
                await QueueAndWriteAsync($"re-queued: silo {s.Owner} is gone");
                break;
            case JobStatus.Queued:
                // Owned by another live silo, yet the activation is here: it moved (a silo died and took part of the
                // grain directory with it, so a call re-created the job here). Whether that silo's executor still
                // holds the job is unknowable from here, and waiting on it was seen to strand a job for good (the
                // kill test), so take it over: only the owner recorded now may start it (StartAttempt checks).
                await QueueAndWriteAsync($"re-queued here: the activation moved away from silo {s.Owner}");
                break;
            case JobStatus.Running when now >= RunningDeadline:
                if (s.Owner == executor.SiloName) executor.Cancel(Key);
                await CompleteAttempt(s.Attempt, new AttemptTimedOut(s.Timeout));
                break;
            case JobStatus.Running when s.Owner == executor.SiloName ? !executor.Holds(Key) : OwnerIsGone(s.Owner):
                await CompleteAttempt(s.Attempt, new AttemptInterrupted());
                break;
            case JobStatus.Running:
                SetTimer(Min(_options.LeaseCheckPeriod, RunningDeadline - now));
                break;
            default:
                ClearTimer();
                break;
        }
    }

    /// <summary>Keeps a due job of a blocked tenant waiting, durably, and looks again after <see cref="TenancyOptions.PausedRecheck"/>.</summary>
    private async Task HoldWhileBlockedAsync(DateTimeOffset now)
    {
        var recheck = tenancyOptions.Value.PausedRecheck;
        State.HeldUntil = now + recheck;
        ClearTimer();
        await WriteAsync($"paused: tenant {State.TenantId} is blocked; checking again at {State.HeldUntil:O}");
        if (recheck <= _options.TimerHorizon) SetTimerAt(State.HeldUntil.Value);
        else DeactivateOnIdle();
    }

    private bool OwnerIsGone(string? owner) => owner is null || liveness.IsGone(owner);

    /// <summary>
    /// A timer for an instant. The delay is read from the clock now, not from a "now" taken before an awaited write:
    /// a timer set that way fired one write's latency after its instant (25-50 ms per delayed job on a busy cluster).
    /// </summary>
    private void SetTimerAt(DateTimeOffset at)
    {
        var delay = at - time.GetUtcNow();
        SetTimer(delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private void SetTimer(TimeSpan dueTime)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(
            static (self, _) => self.OnTimerAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = dueTime, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    private Task OnTimerAsync()
    {
        _timer?.Dispose();
        _timer = null;
        return OnWakeUpAsync();
    }

    private void ClearTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
