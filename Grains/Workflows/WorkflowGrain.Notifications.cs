using Orchestrator.Grains.Interfaces.Notifications;
using Orchestrator.Grains.Notifications;

namespace Orchestrator.Grains.Workflows;

/// <summary>
/// The <c>workflow.finished</c> notification, durably: recorded in the write that ends the workflow, submitted next
/// (delivery ids derived from rule, workflow and run, so a repeat finds them), cleared by a second write. Until then
/// the workflow's reminder stays registered and each tick submits again.
/// </summary>
public sealed partial class WorkflowGrain
{
    private async ValueTask MarkNotificationAsync(string? reason)
    {
        var pending = new PendingNotification
        {
            Event = NotificationEvents.WorkflowFinished, Attempt = State.Run, Status = State.Status.ToString(), Error = reason, At = State.EndedAt ?? time.GetUtcNow(),
        };
        if (await notifications.IsWantedAsync(SubjectOf(pending))) State.PendingNotification = pending;
    }

    private async Task FlushNotificationAsync()
    {
        if (State.PendingNotification is not { } pending) return;
        try
        {
            await notifications.SubmitAsync(SubjectOf(pending));
            State.PendingNotification = null;
            await workflow.WriteStateAsync();
        }
        catch (Exception e)
        {
            State.PendingNotification = pending;
            LogNotificationDeferred(e, State.TenantId, State.Id);
        }
    }

    private NotificationSubject SubjectOf(PendingNotification p) => new()
    {
        TenantId = State.TenantId,
        Event = p.Event,
        Id = State.Id,
        Status = p.Status,
        Attempt = p.Attempt,
        Error = p.Error,
        At = p.At,
        WorkflowId = State.Id,
        WorkflowName = State.Spec?.Name,
        CorrelationId = State.Spec?.CorrelationId ?? "",
    };
}
