using System.Globalization;

namespace Orchestrator.Grains.Interfaces.Billing;

/// <summary>The key of an invoice grain and the id of its invoice: <c>{tenant}/{yyyy-MM}</c>.</summary>
public static class InvoiceKeys
{
    public static string Of(string tenantId, DateOnly month) => $"{tenantId}/{BillingCalendar.MonthKey(month)}";

    public static (string TenantId, DateOnly Month) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !TryParseMonth(key[(slash + 1)..], out var month)) throw new FormatException($"'{key}' is not {{tenant}}/{{yyyy-MM}}.");
        return (key[..slash], month);
    }

    /// <summary>Reads <c>yyyy-MM</c> (how a tenant's API names an invoice) into the month's first day.</summary>
    public static bool TryParseMonth(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
}
