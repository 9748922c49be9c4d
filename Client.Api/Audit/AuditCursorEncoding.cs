using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Client.Api.Audit;

/// <summary>The audit log's cursor as an opaque base64url string for HTTP (<c>?cursor=</c>), and back.</summary>
public static class AuditCursorEncoding
{
    public static string Encode(AuditCursor cursor) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{cursor.At.UtcTicks}:{cursor.Id:N}"));

    /// <summary>The cursor, or null when <paramref name="text"/> is not one this API returned (answer 400).</summary>
    public static AuditCursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id)
                ? new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
