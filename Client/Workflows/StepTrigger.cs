using System.Text.Json.Serialization;

namespace Orchestrator.Client.Workflows;

/// <summary>When a step with parents runs (wire names <c>all-succeeded</c>, <c>all-done</c>, <c>any-failed</c>, <c>one-succeeded</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<StepTrigger>))]
public enum StepTrigger
{
    /// <summary>Every parent succeeded (the default); otherwise the step is skipped.</summary>
    AllSucceeded = 0,
    /// <summary>Every parent ended, whatever the outcome.</summary>
    AllDone = 1,
    /// <summary>At least one parent failed.</summary>
    AnyFailed = 2,
    /// <summary>As soon as one parent succeeded.</summary>
    OneSucceeded = 3,
}
