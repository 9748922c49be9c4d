using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

/// <summary>Wake-ups: the one reminder per waiting job, the timer that makes it precise, and what a wake-up does.</summary>
public sealed partial class JobGrain
{
    public Task ReceiveReminder(string reminderName, TickStatus status) => OnWakeUpAsync();

    /// <summary>The one place a wake-up (reminder tick or timer) is acted on; safe to run any number of times.</summary>
    private async Task OnWakeUpAsync()
    {
        if (!job.RecordExists)
        {
            await DisarmWakeUpAsync();
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
            // The executor of this silo is the only one this activation can hand work to, so "not held here" means the
            // attempt was lost on the way: its silo died, a start or report call failed, or the grain moved.
            case JobStatus.Queued when !executor.Holds(Key):
                Dispatch();
                break;
            case JobStatus.Running when !executor.Holds(Key):
                await CompleteAttempt(s.Attempt, new AttemptInterrupted());
                break;
            case JobStatus.Running when now >= s.Attempts[^1].StartedAt + s.Timeout + _options.TimeoutGrace:
                executor.Cancel(Key);
                await CompleteAttempt(s.Attempt, new AttemptTimedOut(s.Timeout));
                break;
            case JobStatus.Succeeded or JobStatus.DeadLettered or JobStatus.Cancelled:
                await DisarmWakeUpAsync();
                break;
        }
    }

    private async Task ArmWakeUpAsync(DateTimeOffset dueAt)
    {
        var delay = dueAt - time.GetUtcNow();
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        try
        {
            _reminder = await this.RegisterOrUpdateReminder(WakeReminder, delay, _options.LeaseCheckPeriod);
        }
        catch (Exception e) when (e is not JobDomainException)
        {
            DeactivateOnIdle();
            throw new StorageUnavailableException($"The wake-up of job {Key} could not be made durable: the reminder store is unavailable.");
        }
        if (delay <= _options.TimerHorizon) SetTimer(delay);
        else ClearTimer();
    }

    private async Task DisarmWakeUpAsync()
    {
        ClearTimer();
        _reminder ??= await this.GetReminder(WakeReminder);
        if (_reminder is not null)
        {
            await this.UnregisterReminder(_reminder);
            _reminder = null;
        }
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

}
