using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Grains.Handlers.Http;

/// <summary>The HTTP client of handlers that call tenant-given URLs (<c>http</c>, <c>webhook</c>): no redirects, and the <see cref="NetworkGuard"/> on every connect.</summary>
public static class GuardedHttpClient
{
    /// <summary>A client whose connections go only to public addresses unless <paramref name="allowPrivateNetworks"/>.</summary>
    public static HttpClient Create(bool allowPrivateNetworks)
    {
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            // The guard runs on the resolved address at connect time, so DNS names pointing inside are refused too.
            ConnectCallback = async (context, ct) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
                var allowed = allowPrivateNetworks ? addresses : addresses.Where(a => !NetworkGuard.IsPrivate(a)).ToArray();
                if (allowed.Length == 0)
                {
                    throw new JobFailedException($"Refused: {context.DnsEndPoint.Host} resolves only to private addresses.", retryable: false);
                }
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(sockets) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
