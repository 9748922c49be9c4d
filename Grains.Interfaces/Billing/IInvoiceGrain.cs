namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>
/// A tenant's invoice for one UTC month, keyed <c>{tenant}/{yyyy-MM}</c> (<see cref="InvoiceKeys"/>). Until issued it
/// is a draft computed on each read; <see cref="Issue"/> computes it once, when the month is over, and stores it.
/// A request repeated on the status it already led to (issue a month already issued, pay a paid invoice, void a void
/// one) returns the invoice unchanged, so callers may retry; any other move not in the table is an
/// <see cref="InvoiceStateException"/>.
/// </summary>
[Alias("invoice")]
public interface IInvoiceGrain : IGrainWithStringKey
{
    /// <summary>
    /// The month's invoice: the latest issued revision (issued, paid or void), else a draft computed now (for the
    /// current month: the whole month's base prices on the plans as they stand, and the usage so far). Null when the
    /// month has not begun or the tenant had no plan on any day of it.
    /// </summary>
    [Alias("get")]
    Task<Invoice?> Get();

    /// <summary>
    /// Issues the month's invoice: computed once from the subscriptions, plans and usage as they are now, stored, and
    /// never recomputed. Only once the month is over (UTC); <see cref="InvoiceStateException"/> before that,
    /// <see cref="InvoiceNotFoundException"/> when there is nothing to bill. Once the month has been issued, returns
    /// its invoice as it stands (issued, paid or void): a voided month is billed again only by <see cref="Reissue"/>.
    /// </summary>
    [Alias("issue")]
    Task<Invoice> Issue();

    /// <summary>Marks the issued invoice paid; <see cref="InvoiceStateException"/> for a draft or a void invoice.</summary>
    [Alias("mark-paid")]
    Task<Invoice> MarkPaid();

    /// <summary>
    /// Voids the issued invoice, with a reason (1–500 characters, else <see cref="BillingValidationException"/>);
    /// <see cref="InvoiceStateException"/> for a draft or a paid invoice.
    /// </summary>
    [Alias("void")]
    Task<Invoice> Void(string reason);

    /// <summary>
    /// Bills a voided month again: a new revision computed from the figures as they are now.
    /// <see cref="InvoiceStateException"/> unless the month's invoice is void.
    /// </summary>
    [Alias("reissue")]
    Task<Invoice> Reissue();
}
