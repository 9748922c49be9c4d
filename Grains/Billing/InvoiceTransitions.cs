using System.Collections.Frozen;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Grains.Billing;

/// <summary>
/// The invoice state machine: the one table of legal (status, trigger) → status moves. A trigger repeated on the
/// status it leads to is a retry (<see cref="IsRepeat"/>): the invoice is returned unchanged. Anything else is an
/// <see cref="InvoiceStateException"/>, never a silent no-op.
/// </summary>
public static class InvoiceTransitions
{
    private static readonly FrozenDictionary<(InvoiceStatus, InvoiceTrigger), InvoiceStatus> Table =
        new Dictionary<(InvoiceStatus, InvoiceTrigger), InvoiceStatus>
        {
            [(InvoiceStatus.Draft, InvoiceTrigger.Issue)] = InvoiceStatus.Issued,
            [(InvoiceStatus.Issued, InvoiceTrigger.Pay)] = InvoiceStatus.Paid,
            [(InvoiceStatus.Issued, InvoiceTrigger.Void)] = InvoiceStatus.Void,
            // A voided month is billed again by a new revision; the void one stays as it was.
            [(InvoiceStatus.Void, InvoiceTrigger.Reissue)] = InvoiceStatus.Issued,
        }.ToFrozenDictionary();

    /// <summary>The status after <paramref name="trigger"/> from <paramref name="from"/>.</summary>
    /// <exception cref="InvoiceStateException">The move is neither in the table nor a repeat.</exception>
    public static InvoiceStatus Apply(InvoiceStatus from, InvoiceTrigger trigger) =>
        Table.TryGetValue((from, trigger), out var to) ? to : throw new InvoiceStateException(Refusal(from, trigger));

    /// <summary>
    /// Whether <paramref name="trigger"/> already happened to an invoice in <paramref name="from"/>: issuing a month
    /// already issued (whatever happened to it since, so an automatic issue never undoes a void), paying a paid
    /// invoice, voiding a void one.
    /// </summary>
    public static bool IsRepeat(InvoiceStatus from, InvoiceTrigger trigger) =>
        (from, trigger) is (InvoiceStatus.Issued or InvoiceStatus.Paid or InvoiceStatus.Void, InvoiceTrigger.Issue)
            or (InvoiceStatus.Paid, InvoiceTrigger.Pay)
            or (InvoiceStatus.Void, InvoiceTrigger.Void);

    private static string Refusal(InvoiceStatus from, InvoiceTrigger trigger) => (from, trigger) switch
    {
        (InvoiceStatus.Draft, _) => $"The invoice is a draft: it must be issued before it can take '{trigger}'.",
        (InvoiceStatus.Paid, InvoiceTrigger.Void) => "The invoice is paid: a paid invoice is final and cannot be voided.",
        (InvoiceStatus.Void, InvoiceTrigger.Pay) => "The invoice is void: reissue the month and pay the new revision.",
        (_, InvoiceTrigger.Reissue) => $"The invoice is {from}: only a void invoice can be reissued.",
        _ => $"An invoice in status {from} cannot take '{trigger}'.",
    };
}
