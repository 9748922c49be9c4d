using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Client.Hosting;

namespace Orchestrator.Client.Http;

/// <summary>
/// Requests to the gateway through the named client <see cref="OrchestratorClientOptions.HttpClientName"/> (base address,
/// API key and timeout configured at registration). A client is taken from the factory per request, so this singleton
/// follows the factory's handler rotation. Problem responses and unreachable gateways become <see cref="OrchestratorException"/>s.
/// </summary>
internal sealed class OrchestratorHttp(IHttpClientFactory factory)
{
    /// <summary>Sends a request and reads the response as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var response = await SendCoreAsync(method, path, body, headers, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await HttpProblems.ReadAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken))!;
    }

    /// <summary>Sends a request whose success has no body.</summary>
    public async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, null, null, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await HttpProblems.ReadAsync(response, cancellationToken);
    }

    /// <summary>A GET whose 404 means "none": null.</summary>
    public async Task<T?> GetOrNullAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        using var response = await SendCoreAsync(HttpMethod.Get, path, null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw await HttpProblems.ReadAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, JsonNode? body,
        IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = JsonContent.Create(body, options: ClientJson.Options);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        var http = factory.CreateClient(OrchestratorClientOptions.HttpClientName);
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable or too slow: what the gateway itself answers when it cannot reach the cluster.
            throw new OrchestratorException(503, OrchestratorProblemTypes.Unavailable, "Unavailable",
                $"The gateway at {http.BaseAddress} cannot be reached: {e.Message}", inner: e);
        }
    }
}
