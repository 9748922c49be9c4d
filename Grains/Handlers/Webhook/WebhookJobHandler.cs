using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Handlers.Http;
using Orchestrator.Grains.Interfaces.Notifications;

namespace Orchestrator.Grains.Handlers.Webhook;

/// <summary>
/// <c>webhook</c>: delivers one notification. Payload (written by the notification dispatcher; callers cannot submit
/// this type): <c>{"ruleId": "...", "url": "...", "event": {...}}</c>. POSTs <c>event</c> as the JSON body with
/// <c>X-Orchestrator-Event</c>, <c>X-Orchestrator-Delivery</c> (this job's id, the same on every retry) and
/// <see cref="WebhookSignature.Header"/>, signed with the tenant's secret as it is at send time (read from the rules
/// grain, never stored in the job). Any 2xx succeeds; 5xx, 408, 429 and network errors fail the attempt (retried with
/// backoff, then dead-lettered); another 4xx dead-letters at once. Private targets follow the <c>http</c> handler's
/// rule (<see cref="HttpHandlerOptions.AllowPrivateNetworks"/>).
/// </summary>
public sealed class WebhookJobHandler : IJobHandler, IDisposable
{
    public const string Name = "webhook";
    public const string EventHeader = "X-Orchestrator-Event";
    public const string DeliveryHeader = "X-Orchestrator-Delivery";

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly HttpHandlerOptions _options;
    private readonly HttpClient _client;

    public WebhookJobHandler(IGrainFactory grains, IOptions<HttpHandlerOptions> options, TimeProvider time)
    {
        _grains = grains;
        _time = time;
        _options = options.Value;
        _client = GuardedHttpClient.Create(_options.AllowPrivateNetworks);
    }

    public IReadOnlyList<string> ValidatePayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return ["Must be an object with 'ruleId', 'url' and 'event'."];
        var errors = new List<string>();
        if (!payload.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String || !NotificationRuleLimits.IsWebhookUrl(url.GetString()!))
        {
            errors.Add("'url' must be an absolute http or https URL.");
        }
        else if (!_options.AllowPrivateNetworks && NetworkGuard.IsPrivateHost(new Uri(url.GetString()!)))
        {
            errors.Add($"'url' targets a loopback, private or link-local address; set {HttpHandlerOptions.Section}:AllowPrivateNetworks to allow it.");
        }
        if (!payload.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object) errors.Add("'event' must be an object.");
        return errors;
    }

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var p = context.Payload;
        var secret = await _grains.GetGrain<INotificationRulesGrain>(context.TenantId).GetSecret()
            ?? throw new JobFailedException("The tenant has no webhook signing secret.", retryable: false);
        var body = p.GetProperty("event").GetRawText();
        using var request = new HttpRequestMessage(HttpMethod.Post, p.GetProperty("url").GetString())
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(EventHeader, p.GetProperty("event").TryGetProperty("event", out var name) ? name.GetString() : "");
        request.Headers.TryAddWithoutValidation(DeliveryHeader, context.JobId.ToString("D"));
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Compute(secret, _time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", context.CorrelationId);

        var (status, output) = await _client.SendAsync(request, _options.MaxResponseChars, cancellationToken).ConfigureAwait(false);
        if (status is >= 200 and < 300) return new JobHandlerResult(JsonSerializer.Serialize(new { status }), output);
        throw new JobFailedException($"HTTP {status} from {request.RequestUri}", retryable: status is >= 500 or 408 or 429, output);
    }

    public void Dispose() => _client.Dispose();
}
