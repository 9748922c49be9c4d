using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

[GenerateSerializer, Alias("SubscriptionState")]
public sealed class SubscriptionState
{
    /// <summary>Oldest first; each one's <see cref="Subscription.EndsAt"/> is the next one's start.</summary>
    [Id(0)] public List<Subscription> History { get; set; } = [];
}
