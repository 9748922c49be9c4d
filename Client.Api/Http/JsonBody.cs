using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Jobs;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Http;

/// <summary>
/// Reads a small JSON object body field by field, collecting every field error (RFC 9457 <c>errors</c>) and refusing
/// unknown fields, so a typo is a 400 that names it rather than a silently ignored setting.
/// </summary>
public sealed class JsonBody : IDisposable
{
    private readonly JsonDocument _document;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private JsonBody(JsonDocument document) => _document = document;

    /// <summary>Field errors so far, keyed by field name.</summary>
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses the request body, or returns the problem to answer instead (415 not JSON, 400 malformed or not an object).</summary>
    public static async Task<(JsonBody? Body, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        var (document, problem) = await ReadDocumentAsync(request);
        if (problem is not null) return (null, problem);
        if (document!.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, P.Validation("body", "The body must be a JSON object."));
        }
        return (new JsonBody(document), null);
    }

    /// <summary>Parses a JSON body of any shape (415 not JSON, 400 malformed).</summary>
    public static async Task<(JsonDocument? Body, ProblemHttpResult? Problem)> ReadDocumentAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType()) return (null, P.UnsupportedMediaType());
        try
        {
            return (await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, request.HttpContext.RequestAborted), null);
        }
        catch (JsonException e)
        {
            return (null, P.MalformedJson($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
    }

    /// <summary>A string field, trimmed; null (and an error when required) if absent, empty or too long.</summary>
    public string? String(string name, bool required, int maxLength)
    {
        var value = Field(name);
        if (value is null)
        {
            if (required) Errors[name] = ["Required."];
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.String) return Fail<string>(name, "Must be a string.");
        var text = value.Value.GetString()!.Trim();
        if (text.Length == 0) return required ? Fail<string>(name, "Must not be empty.") : null;
        return text.Length > maxLength ? Fail<string>(name, $"At most {maxLength} characters.") : text;
    }

    /// <summary>A string field as given (not trimmed): for passwords and tokens.</summary>
    public string? Secret(string name)
    {
        var value = Field(name);
        if (value is null) { Errors[name] = ["Required."]; return null; }
        return value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : Fail<string>(name, "Must be a string.");
    }

    /// <summary>A boolean field; null (and an error when required) if absent.</summary>
    public bool? Bool(string name, bool required)
    {
        var value = Field(name);
        if (value is null)
        {
            if (required) Errors[name] = ["Required."];
            return null;
        }
        return value.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.Value.GetBoolean() : Fail<bool?>(name, "Must be true or false.");
    }

    /// <summary>A duration field (seconds or ISO 8601); null if absent.</summary>
    public TimeSpan? Duration(string name)
    {
        var value = Field(name);
        if (value is null) return null;
        return JsonDuration.TryRead(value.Value, out var duration) ? duration : Fail<TimeSpan?>(name, "Must be a number of seconds or an ISO 8601 duration.");
    }

    /// <summary>A timestamp field (ISO 8601 with offset); null if absent.</summary>
    public DateTimeOffset? Timestamp(string name)
    {
        var value = Field(name);
        if (value is null) return null;
        return value.Value.ValueKind == JsonValueKind.String && value.Value.TryGetDateTimeOffset(out var at) ? at : Fail<DateTimeOffset?>(name, "Must be an ISO 8601 timestamp.");
    }

    /// <summary>A whole-number field; null if absent or null. Range rules are the caller's (the domain's) to check.</summary>
    public long? Integer(string name)
    {
        var value = Field(name);
        if (value is null) return null;
        return value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt64(out var n) ? n : Fail<long?>(name, "Must be a whole number.");
    }

    /// <summary>An array of non-empty strings (each at most <paramref name="maxLength"/>, at most <paramref name="maxItems"/>); null if absent.</summary>
    public IReadOnlyList<string>? StringList(string name, int maxItems, int maxLength)
    {
        var value = Field(name);
        if (value is null) return null;
        if (value.Value.ValueKind != JsonValueKind.Array) return Fail<IReadOnlyList<string>>(name, "Must be an array of strings.");
        var items = new List<string>();
        foreach (var item in value.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text || text.Length > maxLength)
            {
                return Fail<IReadOnlyList<string>>(name, $"Must be an array of strings of 1-{maxLength} characters.");
            }
            items.Add(text);
        }
        return items.Count > maxItems ? Fail<IReadOnlyList<string>>(name, $"At most {maxItems} items.") : items;
    }

    /// <summary>An object of string values (at most <paramref name="maxItems"/>, keys and values at most <paramref name="maxLength"/>); null if absent.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string name, int maxItems, int maxLength)
    {
        var value = Field(name);
        if (value is null) return null;
        if (value.Value.ValueKind != JsonValueKind.Object) return Fail<IReadOnlyDictionary<string, string>>(name, "Must be an object of strings.");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in value.Value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || p.Name.Length is 0 || p.Name.Length > maxLength || p.Value.GetString()!.Length > maxLength)
            {
                return Fail<IReadOnlyDictionary<string, string>>(name, $"Must be an object of strings, keys and values of at most {maxLength} characters.");
            }
            map[p.Name] = p.Value.GetString()!;
        }
        return map.Count > maxItems ? Fail<IReadOnlyDictionary<string, string>>(name, $"At most {maxItems} entries.") : map;
    }

    /// <summary>Any JSON value as its text; null if absent or null.</summary>
    public string? RawJson(string name) => Field(name)?.GetRawText();

    /// <summary>The validation problem for every error so far, including unknown fields; null when the body is valid.</summary>
    public ValidationProblem? Problem()
    {
        foreach (var property in _document.RootElement.EnumerateObject().Where(p => !_known.Contains(p.Name)))
        {
            Errors[property.Name] = [$"Unknown field. Known fields: {string.Join(", ", _known)}."];
        }
        return Errors.Count == 0 ? null : P.Validation(Errors);
    }

    public void Dispose() => _document.Dispose();

    private JsonElement? Field(string name)
    {
        _known.Add(name);
        return _document.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private T? Fail<T>(string name, string message)
    {
        Errors[name] = [message];
        return default;
    }
}
