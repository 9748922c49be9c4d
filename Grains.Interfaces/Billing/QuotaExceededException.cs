namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>A submission refused by the tenant's quota: HTTP 429, problem type <c>quota-exceeded</c>, <c>Retry-After</c>.</summary>
[GenerateSerializer, Alias("QuotaExceededException")]
public sealed class QuotaExceededException : Exception
{
    public QuotaExceededException(string message, DateTimeOffset retryAt) : base(message) => RetryAt = retryAt;

    [Id(0)] public DateTimeOffset RetryAt { get; private set; }
}
