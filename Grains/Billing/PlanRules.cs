using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Workflows;

namespace Orchestrator.Grains.Billing;

/// <summary>What makes a plan valid; the first broken rule is thrown as <see cref="BillingValidationException"/>.</summary>
public static class PlanRules
{
    public const int MaxGracePercent = 1_000;
    public const int MaxGraceDays = 31;

    public static void Validate(Plan plan)
    {
        static void Require(bool ok, string field, string message)
        {
            if (!ok) throw new BillingValidationException(field, message);
        }

        Require(StepReferences.IsValidName(plan.Name), "name", "Must be 1-64 letters, digits, '-' or '_'.");
        Require(plan.IncludedJobsPerDay is null or >= 0, "includedJobsPerDay", "Must not be negative (null is unlimited).");
        Require(plan.IncludedJobsPerMonth is null or >= 0, "includedJobsPerMonth", "Must not be negative (null is unlimited).");
        Require(plan.MaxConcurrentJobs is null or > 0, "maxConcurrentJobs", "Must be positive (null is unlimited).");
        Require(plan.MaxPendingJobs is null or > 0, "maxPendingJobs", "Must be positive (null is unlimited).");
        Require(plan.MaxPayloadBytes is null or > 0, "maxPayloadBytes", "Must be positive (null is the cluster's limit).");
        Require(plan.MaxSchedules is null or >= 0, "maxSchedules", "Must not be negative (null is unlimited).");
        Require(plan.MaxWorkflows is null or >= 0, "maxWorkflows", "Must not be negative (null is unlimited).");
        Require(plan.PricePer1000JobsMinor >= 0, "pricePer1000JobsMinor", "Must not be negative.");
        Require(plan.PricePerRetryMinor >= 0, "pricePerRetryMinor", "Must not be negative.");
        Require(plan.MonthlyBaseMinor >= 0, "monthlyBaseMinor", "Must not be negative.");
        Require(plan.Currency.Length == 3 && plan.Currency.All(char.IsAsciiLetterUpper), "currency", "Must be an ISO 4217 code such as USD.");
        Require(plan.GracePercent is >= 0 and <= MaxGracePercent, "gracePercent", $"Must be between 0 and {MaxGracePercent}.");
        Require(plan.GraceDays is >= 0 and <= MaxGraceDays, "graceDays", $"Must be between 0 and {MaxGraceDays}.");
    }
}
