using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Notifications;
using Orchestrator.Grains.Notifications;

namespace Orchestrator.Grains.Jobs;

/// <summary>
/// Notifications, durably: a notifiable transition (an attempt failed and will retry, dead-lettered, succeeded) that
/// matches a rule records a <see cref="PendingNotification"/> in the same write as the transition, which also keeps
/// the job's wake-up set; the delivery jobs are submitted next (with ids derived from rule, event, job and attempt, so
/// submitting twice finds them), and a second write clears it. A crash in between leaves the pending record and the
/// wake-up, and the wake shard's <see cref="Wake"/> submits again.
/// </summary>
public sealed partial class JobGrain
{
    /// <summary>Records the notification the transition to the current status owes, when a rule wants it (from the per-silo rules cache).</summary>
    private async ValueTask MarkNotificationAsync(string @event, DateTimeOffset at)
    {
        var s = State;
        if (NotificationDispatcher.IsDelivery(s.Queue, s.Type)) return;
        var pending = new PendingNotification { Event = @event, Attempt = s.Attempt, Status = s.Status.ToString(), Error = s.LastError, At = at };
        if (await notifications.IsWantedAsync(SubjectOf(pending))) s.PendingNotifications.Add(pending);
    }

    /// <summary>
    /// Submits the pending notifications' delivery jobs and clears them with a write. A failure leaves them pending:
    /// the state still holds them and the wake-up set by <see cref="WithPendingNotifications"/> brings the job back.
    /// </summary>
    private async Task FlushNotificationsAsync()
    {
        var s = State;
        if (s.PendingNotifications.Count == 0) return;
        try
        {
            foreach (var pending in s.PendingNotifications) await notifications.SubmitAsync(SubjectOf(pending));
            s.PendingNotifications.Clear();
            await WriteAsync(s.StatusReason ?? "notifications submitted", publish: false);
        }
        catch (Exception e)
        {
            LogNotificationDeferred(e, s.TenantId, s.Id, s.Attempt, s.CorrelationId, executor.SiloName);
        }
    }

    /// <summary>The wake-up a write records: the status's own, or sooner while a notification is pending.</summary>
    private DateTimeOffset? WithPendingNotifications(DateTimeOffset? wakeAt)
    {
        if (State.PendingNotifications.Count == 0) return wakeAt;
        var retry = time.GetUtcNow() + notificationOptions.Value.PendingRetry;
        return wakeAt is { } w && w < retry ? w : retry;
    }

    private NotificationSubject SubjectOf(PendingNotification p)
    {
        var s = State;
        return new NotificationSubject
        {
            TenantId = s.TenantId,
            Event = p.Event,
            Id = s.Id,
            Status = p.Status,
            Attempt = p.Attempt,
            Error = p.Error,
            ResultJson = p.Event == NotificationEvents.JobSucceeded ? s.Result : null,
            At = p.At,
            Queue = s.Queue,
            Type = s.Type,
            Tags = s.Tags,
            WorkflowId = WorkflowIdOf(s.WorkflowKey),
            Step = s.WorkflowStep,
            CorrelationId = s.CorrelationId,
        };
    }

    /// <summary>The notification event of an attempt's outcome, or null (a cancel or a lost lease notifies nobody).</summary>
    private static string? NotificationEventOf(JobTrigger trigger) => trigger switch
    {
        JobTrigger.Succeed => NotificationEvents.JobSucceeded,
        JobTrigger.Fail => NotificationEvents.JobFailed,
        JobTrigger.DeadLetter => NotificationEvents.JobDeadLettered,
        _ => null,
    };
}
