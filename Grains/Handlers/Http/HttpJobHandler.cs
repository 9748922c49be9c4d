using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Handlers.Http;

/// <summary>
/// <c>http</c>: sends one request. Payload: <c>{"url": "...", "method": "POST", "headers": {"k": "v"},
/// "body": "text or JSON", "successStatusCodes": [200, 201]}</c>; without <c>successStatusCodes</c> any 2xx succeeds.
/// A 4xx other than 408/429 is not retryable (the same request would fail again); 5xx, 408, 429 and network errors are.
/// The job's correlation id is sent as <c>X-Correlation-Id</c>.
/// </summary>
public sealed class HttpJobHandler : IJobHandler, IDisposable
{
    public const string Name = "http";
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private readonly HttpHandlerOptions _options;
    private readonly HttpClient _client;

    public HttpJobHandler(IOptions<HttpHandlerOptions> options)
    {
        _options = options.Value;
        _client = GuardedHttpClient.Create(_options.AllowPrivateNetworks);
    }

    public IReadOnlyList<string> ValidatePayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return ["Must be an object with at least 'url'."];
        var errors = new List<string>();
        if (!payload.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add("'url' must be an absolute http or https URL.");
        }
        else if (!_options.AllowPrivateNetworks && NetworkGuard.IsPrivateHost(uri))
        {
            errors.Add($"'url' targets a loopback, private or link-local address ({uri.Host}); set {HttpHandlerOptions.Section}:AllowPrivateNetworks to allow it.");
        }
        if (payload.TryGetProperty("method", out var method)
            && (method.ValueKind != JsonValueKind.String || !Methods.Contains(method.GetString()!.ToUpperInvariant())))
        {
            errors.Add($"'method' must be one of {string.Join(", ", Methods)}.");
        }
        if (payload.TryGetProperty("headers", out var headers)
            && (headers.ValueKind != JsonValueKind.Object || headers.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String)))
        {
            errors.Add("'headers' must be an object of string values.");
        }
        if (payload.TryGetProperty("successStatusCodes", out var codes)
            && (codes.ValueKind != JsonValueKind.Array || codes.EnumerateArray().Any(c => !c.TryGetInt32(out var n) || n is < 100 or > 599)))
        {
            errors.Add("'successStatusCodes' must be an array of status codes (100-599).");
        }
        return errors;
    }

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var p = context.Payload;
        var method = p.TryGetProperty("method", out var m) ? m.GetString()!.ToUpperInvariant() : "POST";
        using var request = new HttpRequestMessage(new HttpMethod(method), p.GetProperty("url").GetString());
        if (p.TryGetProperty("body", out var body) && body.ValueKind != JsonValueKind.Null)
        {
            request.Content = body.ValueKind == JsonValueKind.String
                ? new StringContent(body.GetString()!, Encoding.UTF8, "text/plain")
                : new StringContent(body.GetRawText(), Encoding.UTF8, "application/json");
        }
        if (p.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
                {
                    request.Content?.Headers.Remove(header.Name);
                    request.Content?.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
                }
            }
        }
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", context.CorrelationId);

        var (status, output) = await _client.SendAsync(request, _options.MaxResponseChars, cancellationToken).ConfigureAwait(false);
        if (IsSuccess(p, status)) return new JobHandlerResult(JsonSerializer.Serialize(new { status }), output);
        throw new JobFailedException($"HTTP {status} from {request.RequestUri}", retryable: status is >= 500 or 408 or 429, output);
    }

    private static bool IsSuccess(JsonElement payload, int status) =>
        payload.TryGetProperty("successStatusCodes", out var codes)
            ? codes.EnumerateArray().Any(c => c.GetInt32() == status)
            : status is >= 200 and < 300;

    public void Dispose() => _client.Dispose();
}
