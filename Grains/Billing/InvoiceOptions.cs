using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Billing;

/// <summary><c>Orchestrator:Billing:Invoices</c>: when a month's invoices are issued automatically.</summary>
public sealed class InvoiceOptions
{
    public const string Section = "Orchestrator:Billing:Invoices";

    public static readonly TimeSpan DefaultIssueDelay = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultRetryPeriod = TimeSpan.FromHours(1);
    /// <summary>The longest issue delay: the reminder's due time must stay within Orleans' ~49-day timer limit.</summary>
    public static readonly TimeSpan MaxIssueDelay = TimeSpan.FromDays(10);

    /// <summary>
    /// How long after a month ends (UTC) each tenant's invoice for it is issued (default 1 h). Usage counts an attempt
    /// on the day it started and writes its row as it starts, so the month's usage is complete moments after midnight;
    /// the delay leaves the usage cache (<see cref="BillingOptions.UsageRefresh"/>) and rows in flight a wide margin.
    /// A platform admin can issue a month as soon as it is over.
    /// </summary>
    public TimeSpan IssueDelay { get; set; } = DefaultIssueDelay;

    /// <summary>
    /// How soon the issuing reminder tries again after a tick that failed (default 1 h; never less than Orleans'
    /// minimum reminder period).
    /// </summary>
    public TimeSpan RetryPeriod { get; set; } = DefaultRetryPeriod;
}

/// <summary>Rejects a negative or too long issue delay and a non-positive retry period at start.</summary>
public sealed class InvoiceOptionsValidator : IValidateOptions<InvoiceOptions>
{
    public ValidateOptionsResult Validate(string? name, InvoiceOptions options)
    {
        var errors = new List<string>();
        if (options.IssueDelay < TimeSpan.Zero || options.IssueDelay > InvoiceOptions.MaxIssueDelay)
        {
            errors.Add($"{InvoiceOptions.Section}:IssueDelay must be between 0 and {InvoiceOptions.MaxIssueDelay.TotalDays:0} days.");
        }
        if (options.RetryPeriod <= TimeSpan.Zero || options.RetryPeriod > TimeSpan.FromDays(1))
        {
            errors.Add($"{InvoiceOptions.Section}:RetryPeriod must be positive and at most a day.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
