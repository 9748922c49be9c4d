using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Grains.Handlers.Http;

/// <summary>Decides which addresses the <c>http</c> handler may reach when private networks are not allowed.</summary>
public static class NetworkGuard
{
    /// <summary>True for loopback, private, link-local, CGNAT, unique-local, multicast and unspecified addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,   // 100.64.0.0/10 carrier-grade NAT
                169 => b[1] == 254,                // link-local
                172 => b[1] is >= 16 and <= 31,
                192 => b[1] == 168,
                >= 224 => true,                    // multicast and reserved
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return true;
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC; // fc00::/7 unique local
        }
        return true;
    }

    /// <summary>True when a URL's host is a literal private address or a localhost name (checked without DNS at submit).</summary>
    public static bool IsPrivateHost(Uri url)
    {
        var host = url.IdnHost.Trim('[', ']').TrimEnd('.'); // 'localhost.' is the same host as 'localhost'
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host, out var ip) && IsPrivate(ip);
    }
}
