namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>One page of the tenant directory, oldest first; pass <paramref name="NextCursor"/> back for the next page.</summary>
[GenerateSerializer, Alias("TenantDirectoryPage")]
public sealed record TenantDirectoryPage([property: Id(0)] IReadOnlyList<TenantView> Items, [property: Id(1)] string? NextCursor)
{
    /// <summary>Reads a cursor (<c>{created ticks}:{tenant id}</c>); false for anything this API did not return.</summary>
    public static bool TryParseCursor(string cursor, out DateTimeOffset createdAt, out string tenantId)
    {
        createdAt = default;
        tenantId = "";
        var colon = cursor.IndexOf(':');
        if (colon <= 0 || colon == cursor.Length - 1 || !long.TryParse(cursor.AsSpan(0, colon), System.Globalization.NumberStyles.None, null, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        createdAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        tenantId = cursor[(colon + 1)..];
        return true;
    }
}
