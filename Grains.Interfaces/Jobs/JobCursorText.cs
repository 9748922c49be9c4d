using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>A job list's cursor as opaque text (base64url of creation ticks and id): one encoding for the gateway and the .NET client, so a cursor from one transport works on the other.</summary>
public static class JobCursorText
{
    public static string Encode(JobCursor cursor) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{cursor.CreatedAt.UtcTicks}:{cursor.JobId:N}"));

    public static JobCursor? Decode(string text)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id)
                ? new JobCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
