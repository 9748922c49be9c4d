namespace Orchestrator.Grains.Interfaces.Notifications;

/// <summary>
/// A tenant's notification rules and its webhook signing secret (key: tenant id). Rules and channels are validated
/// here, in the silo, where the handlers' settings (SMTP, private networks) are known: invalid input throws
/// <c>JobValidationException</c>.
/// </summary>
[Alias("notification-rules")]
public interface INotificationRulesGrain : IGrainWithStringKey
{
    /// <summary>Every rule, oldest first.</summary>
    [Alias("list")]
    Task<IReadOnlyList<NotificationRule>> List();

    /// <summary>One rule, or null.</summary>
    [Alias("get")]
    Task<NotificationRule?> Get(Guid id);

    /// <summary>Adds a rule (its id, created and updated times are the caller's); generates the signing secret with the first webhook rule.</summary>
    [Alias("create")]
    Task<NotificationRuleCreated> Create(NotificationRule rule);

    /// <summary>Replaces a rule's fields (keeping its id and creation time); null when there is no such rule.</summary>
    [Alias("update")]
    Task<NotificationRule?> Update(NotificationRule rule);

    /// <summary>Removes a rule; false when there was none. Deliveries already made stay.</summary>
    [Alias("delete")]
    Task<bool> Delete(Guid id);

    /// <summary>Replaces the signing secret with a new one and returns it (shown once); deliveries sent from now on use it.</summary>
    [Alias("rotate-secret")]
    Task<string> RotateSecret();

    /// <summary>The signing secret, or null before the first webhook rule. For the webhook handler, at send time.</summary>
    [Alias("get-secret")]
    Task<string?> GetSecret();
}
