using System.Globalization;

namespace Orchestrator.Grains.Billing;

/// <summary>The key of a usage grain: <c>{tenant}/{yyyy-MM-dd}</c>.</summary>
public static class UsageKeys
{
    public static string Of(string tenantId, DateOnly day) => $"{tenantId}/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static (string TenantId, DateOnly Day) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], DateOnly.ParseExact(key[(slash + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
