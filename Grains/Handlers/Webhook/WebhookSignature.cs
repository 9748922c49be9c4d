using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Grains.Handlers.Webhook;

/// <summary>
/// The <c>X-Orchestrator-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;lower-case hex HMAC-SHA256&gt;</c>
/// of <c>"&lt;t&gt;.&lt;body&gt;"</c>, keyed with the UTF-8 bytes of the tenant's secret (Stripe's scheme). A receiver
/// recomputes it over the raw body and compares in constant time, and refuses old timestamps to stop replays.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Orchestrator-Signature";

    public static string Compute(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0] == "t" && long.TryParse(kv[1], out var t)) timestamp = t;
            else if (kv[0] == "v1") signatures.Add(kv[1]);
        }
        if (timestamp is not { } ts || Math.Abs(now.ToUnixTimeSeconds() - ts) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, ts, body).Split("v1=")[1]);
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
