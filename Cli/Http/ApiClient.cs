using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orchestrator.Cli.Config;

namespace Orchestrator.Cli.Http;

/// <summary>
/// The gateway's HTTP API as the CLI uses it: JSON in and out, the API key or bearer token on every request (a
/// profile's expired access token is refreshed once, and the profile saved), and every failure turned into a
/// <see cref="CliException"/> with the exit code it means and the problem details' text.
/// </summary>
public sealed class ApiClient(HttpClient http, Profile profile, Action<Profile>? saveTokens)
{
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
    {
        var response = await SendOnceAsync(method, path, body, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && profile.RefreshToken is not null && await RefreshAsync(cancellationToken))
        {
            response.Dispose();
            response = await SendOnceAsync(method, path, body, cancellationToken);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode) return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            throw Failure(response.StatusCode, text);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (profile.ApiKey is not null) request.Headers.Add("X-API-Key", profile.ApiKey);
        else if (profile.AccessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", profile.AccessToken);
        if (body is Commands.RawJson { IdempotencyKey: { } key }) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        if (body is not null)
        {
            var json = body is Commands.RawJson raw ? raw.Json : JsonSerializer.Serialize(body, CliJson.Options);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unavailable, $"Cannot reach {http.BaseAddress}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"{http.BaseAddress} did not answer in time.");
        }
    }

    private async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/auth/refresh")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { refreshToken = profile.RefreshToken }), Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) return false;
        var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        profile.AccessToken = tokens.GetProperty("accessToken").GetString();
        profile.RefreshToken = tokens.GetProperty("refreshToken").GetString();
        saveTokens?.Invoke(profile);
        return true;
    }

    /// <summary>The exit code and readable text of a failed call: the problem details' title, detail and field errors.</summary>
    public static CliException Failure(HttpStatusCode status, string body)
    {
        var code = (int)status switch
        {
            401 or 403 => ExitCodes.Auth,
            404 => ExitCodes.NotFound,
            >= 500 => ExitCodes.Unavailable,
            _ => ExitCodes.Rejected,
        };
        var text = new StringBuilder($"{(int)status} ");
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            text.Append(problem.TryGetProperty("title", out var title) ? title.GetString() : status.ToString());
            if (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String) text.Append(": ").Append(detail.GetString());
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    text.Append('\n').Append("  ").Append(field.Name).Append(": ").Append(string.Join(" ", field.Value.EnumerateArray().Select(m => m.GetString())));
                }
            }
        }
        catch (JsonException)
        {
            text.Append(status).Append(body.Length > 0 ? ": " + body[..Math.Min(body.Length, 300)] : "");
        }
        return new CliException(code, text.ToString());
    }
}
