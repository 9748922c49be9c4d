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

    /// <summary>
    /// Sends <paramref name="request"/> and reads the answer: its status and the last <paramref name="maxChars"/>
    /// characters of its body. A connection the guard refused fails the attempt as the guard said (not retryable).
    /// </summary>
    public static async Task<(int Status, string Tail)> SendAsync(this HttpClient client, HttpRequestMessage request, int maxChars, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is JobFailedException refused)
        {
            throw refused;
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, text.Length > maxChars ? text[^maxChars..] : text);
        }
    }
}
