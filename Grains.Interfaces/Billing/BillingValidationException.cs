namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>A billing request that breaks a rule (unknown plan, negative price, overlapping subscription): a 400 naming the field.</summary>
[GenerateSerializer, Alias("BillingValidationException")]
public sealed class BillingValidationException : Exception
{
    public BillingValidationException(string field, string message) : base(message) => Field = field;

    /// <summary>The JSON field at fault, e.g. <c>plan</c> or <c>pricePerRetryMinor</c>.</summary>
    [Id(0)] public string Field { get; private set; }
}
