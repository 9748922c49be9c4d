using System.Collections.Concurrent;
using System.Net;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Notifications;

/// <summary>One request a <see cref="WebhookReceiver"/> got, and the status it answered.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredStatus);

/// <summary>A loopback HTTP receiver that answers scripted statuses in order (then 200) and records every request.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _script;
    private readonly int _afterScript;

    public WebhookReceiver(params int[] statuses) : this(statuses, 200)
    {
    }

    private WebhookReceiver(int[] statuses, int afterScript)
    {
        _script = new ConcurrentQueue<int>(statuses);
        _afterScript = afterScript;
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    /// <summary>A receiver that answers <paramref name="status"/> to every request.</summary>
    public static WebhookReceiver Always(int status) => new([], status);

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = _script.TryDequeue(out var s) ? s : _afterScript;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new ReceivedWebhook(headers, body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
