namespace Orchestrator.Grains.Handlers.Http;

/// <summary>The <c>http</c> handler (<c>Orchestrator:Handlers:Http</c>).</summary>
public sealed class HttpHandlerOptions
{
    public const string Section = "Orchestrator:Handlers:Http";

    /// <summary>
    /// Allow loopback, private (RFC 1918, ULA), link-local, CGNAT and unspecified targets. Off by default so a
    /// tenant cannot reach the cluster's own network (SSRF). Checked at submit and again on every connect.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Characters of the response body kept as the attempt's output. Default 4096.</summary>
    public int MaxResponseChars { get; set; } = OutputTail.DefaultCapacity;
}
