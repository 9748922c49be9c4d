using System.Text.Json;

namespace Orchestrator.Client.Http;

/// <summary>Turns a problem-details response (RFC 9457) into an <see cref="OrchestratorException"/>.</summary>
internal static class HttpProblems
{
    public static async Task<OrchestratorException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string type = "about:blank", title = response.ReasonPhrase ?? $"HTTP {status}";
        string? detail = null;
        var errors = new Dictionary<string, string[]>();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String) type = t.GetString()!;
                if (root.TryGetProperty("title", out var ti) && ti.ValueKind == JsonValueKind.String) title = ti.GetString()!;
                if (root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString();
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in e.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem body (a proxy's page, an empty 502): the status says enough.
        }
        return new OrchestratorException(status, type, title, detail, errors);
    }
}
