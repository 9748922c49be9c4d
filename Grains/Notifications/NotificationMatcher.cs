using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Grains.Notifications;

/// <summary>Which rules a subject matches: the event is listed and, for job events, the app, queue and type filters hold.</summary>
public static class NotificationMatcher
{
    /// <summary>The tag that assigns a job to an app for <see cref="NotificationRule.AppId"/> filters.</summary>
    public static string AppTag(string appId) => $"app:{appId}";

    public static IEnumerable<NotificationRule> Match(IReadOnlyList<NotificationRule> rules, NotificationSubject subject) =>
        rules.Where(rule => Matches(rule, subject));

    public static bool Matches(NotificationRule rule, NotificationSubject subject)
    {
        if (!rule.Events.Contains(subject.Event)) return false;
        if (subject.IsWorkflow) return true;
        return (rule.Queue is null || rule.Queue == subject.Queue)
            && (rule.Type is null || rule.Type == subject.Type)
            && (rule.AppId is null || subject.Tags.Contains(AppTag(rule.AppId)));
    }
}
