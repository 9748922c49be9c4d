using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

/// <summary>Wake-ups: what a wake-up (from the job's wake shard or its own timer) does, and the timer that makes it precise.</summary>
public sealed partial class JobGrain
{
    public Task Wake() => OnWakeUpAsync();

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
        var s = State;
        var now = time.GetUtcNow();
        switch (s.Status)
        {
            case JobStatus.Scheduled or JobStatus.Retrying:
                var dueAt = s.Status == JobStatus.Scheduled ? s.RunAt : s.NextAttemptAt ?? now;
                if (now < dueAt)
                {
                    if (_timer is null && dueAt - now <= _options.TimerHorizon) SetTimer(dueAt - now);
                    return;
                }
                s.Status = JobTransitions.Apply(s.Status, JobTrigger.Due);
                s.NextAttemptAt = null;
                ClearTimer();
                await QueueAndWriteAsync($"due; lateness {(now - dueAt).TotalMilliseconds:0} ms");
                break;
            case JobStatus.Queued when s.Owner == executor.SiloName:
                // Not held here means the attempt was lost on the way (the executor refused it while stopping, or a
                // start call failed): hand it over again. The owner does not change, so there is nothing to write.
                if (!executor.Holds(Key)) Dispatch();
                SetTimer(_options.LeaseCheckPeriod);
                break;
            case JobStatus.Queued when OwnerIsGone(s.Owner):
                await QueueAndWriteAsync($"re-queued: silo {s.Owner} is gone");
                break;
            case JobStatus.Queued:
                // Held by another live silo (this activation was re-created elsewhere): that executor asks for the lease.
                SetTimer(_options.LeaseCheckPeriod);
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

    private bool OwnerIsGone(string? owner) => owner is null || liveness.IsGone(owner);

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
