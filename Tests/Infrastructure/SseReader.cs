using System.Text.Json;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>Reads SSE messages (event name, data) from an open stream.</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    public async Task<(string Event, JsonElement Data)> NextAsync(CancellationToken cancellationToken)
    {
        string? name = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("the event stream ended");
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            else if (line.Length == 0 && data is not null) return (name ?? "message", JsonDocument.Parse(data).RootElement.Clone());
        }
    }

    /// <summary>Reads until <paramref name="done"/> holds for a message; returns every message read.</summary>
    public async Task<List<(string Event, JsonElement Data)>> UntilAsync(Func<(string Event, JsonElement Data), bool> done, string step)
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        var seen = new List<(string, JsonElement)>();
        try
        {
            while (true)
            {
                var message = await NextAsync(deadline.Token);
                seen.Add(message);
                if (done(message)) return seen;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out waiting for: {step}. Seen: {string.Join(", ", seen.Select(m => m.Item2.GetRawText()))}");
        }
    }

    /// <summary>Opens <c>/v1/events</c> (headers only) and checks it is an event stream.</summary>
    public static async Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(HttpClient http, string query = "")
    {
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/events" + query), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return (response, new SseReader(await response.Content.ReadAsStreamAsync()));
    }

    public void Dispose() => _reader.Dispose();
}
