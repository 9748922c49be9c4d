using Orchestrator.Grains.Billing;
using Orchestrator.Grains.Interfaces.Billing;

namespace Orchestrator.Tests.Billing;

/// <summary>The invoice state machine, every (status, trigger) pair: a move, a retry of a move, or a refusal.</summary>
public sealed class InvoiceTransitionsTests
{
    [Theory]
    [InlineData(InvoiceStatus.Draft, InvoiceTrigger.Issue, "Issued")]
    [InlineData(InvoiceStatus.Draft, InvoiceTrigger.Pay, "refused")]
    [InlineData(InvoiceStatus.Draft, InvoiceTrigger.Void, "refused")]
    [InlineData(InvoiceStatus.Draft, InvoiceTrigger.Reissue, "refused")]
    [InlineData(InvoiceStatus.Issued, InvoiceTrigger.Issue, "repeat")]
    [InlineData(InvoiceStatus.Issued, InvoiceTrigger.Pay, "Paid")]
    [InlineData(InvoiceStatus.Issued, InvoiceTrigger.Void, "Void")]
    [InlineData(InvoiceStatus.Issued, InvoiceTrigger.Reissue, "refused")]
    [InlineData(InvoiceStatus.Paid, InvoiceTrigger.Issue, "repeat")]
    [InlineData(InvoiceStatus.Paid, InvoiceTrigger.Pay, "repeat")]
    [InlineData(InvoiceStatus.Paid, InvoiceTrigger.Void, "refused")]
    [InlineData(InvoiceStatus.Paid, InvoiceTrigger.Reissue, "refused")]
    [InlineData(InvoiceStatus.Void, InvoiceTrigger.Issue, "repeat")]
    [InlineData(InvoiceStatus.Void, InvoiceTrigger.Pay, "refused")]
    [InlineData(InvoiceStatus.Void, InvoiceTrigger.Void, "repeat")]
    [InlineData(InvoiceStatus.Void, InvoiceTrigger.Reissue, "Issued")]
    public void EveryPair_IsAMove_ARepeat_OrARefusal(InvoiceStatus from, InvoiceTrigger trigger, string expected)
    {
        string actual;
        if (InvoiceTransitions.IsRepeat(from, trigger)) actual = "repeat";
        else
        {
            try
            {
                actual = InvoiceTransitions.Apply(from, trigger).ToString();
            }
            catch (InvoiceStateException)
            {
                actual = "refused";
            }
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EveryPair_IsInTheTable()
    {
        var pairs = Enum.GetValues<InvoiceStatus>().SelectMany(s => Enum.GetValues<InvoiceTrigger>().Select(t => (s, t))).Count();
        Assert.Equal(16, pairs); // a new status or trigger needs its rows above
    }
}
