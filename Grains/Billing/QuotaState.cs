using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>What a quota grain must not forget: the events it raised and when the tenant went over its monthly limit.</summary>
[GenerateSerializer, Alias("QuotaState")]
public sealed class QuotaState
{
    [Id(0)] public List<QuotaEvent> Events { get; set; } = [];
    /// <summary>Events already raised, as <c>{period}:{level}</c> (e.g. <c>2026-11-23:Warning</c>), so each is raised once per period.</summary>
    [Id(1)] public HashSet<string> Raised { get; set; } = new(StringComparer.Ordinal);
    /// <summary>When the tenant first went over its monthly limit this month (grace days count from here).</summary>
    [Id(2)] public DateTimeOffset? MonthlyOverSince { get; set; }
}
