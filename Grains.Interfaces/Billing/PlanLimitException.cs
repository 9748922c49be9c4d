namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// Creating more of something than the tenant's plan allows (schedules, running workflows): HTTP 409, problem type
/// <c>plan-limit</c>. Delete some, wait for some to end, or move to a larger plan.
/// </summary>
[GenerateSerializer, Alias("PlanLimitException")]
public sealed class PlanLimitException : Exception
{
    public PlanLimitException(string limit, string message) : base(message) => Limit = limit;

    /// <summary>The plan field that was reached, e.g. <c>maxSchedules</c>.</summary>
    [Id(0)] public string Limit { get; private set; }
}
