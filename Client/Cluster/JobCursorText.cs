using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Cluster;

/// <summary>A list cursor as text, encoded exactly as the gateway encodes it, so a cursor from one transport works on the other.</summary>
internal static class JobCursorText
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
