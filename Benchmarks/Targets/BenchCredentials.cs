using System.Security.Cryptography;

namespace Orchestrator.Benchmarks.Targets;

/// <summary>
/// What an HTTP benchmark's Client.Api process is started with: the <c>default</c> tenant seeded with a fresh API key
/// (sent on every request, as a real client would), a fresh JWT signing key, and per-tenant rate limits off — the
/// harness measures the engine, and a 500 requests/s default limit would measure the limiter instead. Reported with
/// the results.
/// </summary>
public static class BenchCredentials
{
    public const string Settings = "HTTP: X-API-Key of the default tenant on every request; Orchestrator:RateLimits:Enabled=false";

    /// <summary>An API key in the gateway's format (<c>orch_{16 chars}_{32 random bytes, base64url}</c>).</summary>
    public static readonly string ApiKey =
        $"orch_{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16)}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>Environment variables for a Client.Api process.</summary>
    public static Dictionary<string, string> Environment() => new()
    {
        ["Orchestrator__DefaultTenant__Enabled"] = "true",
        ["Orchestrator__DefaultTenant__ApiKey"] = ApiKey,
        ["Orchestrator__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["Orchestrator__RateLimits__Enabled"] = "false",
    };

    /// <summary>An HTTP client to the gateway that authenticates with <see cref="ApiKey"/>.</summary>
    public static HttpClient Client(int port)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return http;
    }
}
