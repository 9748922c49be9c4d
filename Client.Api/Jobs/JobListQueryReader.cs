using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Jobs;

/// <summary>Reads the query string of a job list into a <see cref="JobQuery"/>, with a field error per bad parameter.</summary>
public static class JobListQueryReader
{
    public static (JobQuery? Query, Dictionary<string, string[]> Errors) Read(IQueryCollection q, string tenantId, JobStatus? fixedStatus = null)
    {
        var errors = new Dictionary<string, string[]>();
        JobStatus? status = fixedStatus;
        if (fixedStatus is null && q.TryGetValue("status", out var s) && !string.IsNullOrEmpty(s))
        {
            if (Enum.TryParse<JobStatus>(s, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(s, out _)) status = parsed;
            else errors["status"] = [$"Must be one of {string.Join(", ", Enum.GetNames<JobStatus>())}."];
        }
        var from = ReadTime(q, "from", errors);
        var to = ReadTime(q, "to", errors);
        var limit = JobQuery.DefaultLimit;
        if (q.TryGetValue("limit", out var l) && !string.IsNullOrEmpty(l))
        {
            if (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > JobQuery.MaxLimit)
                errors["limit"] = [$"Must be an integer from 1 to {JobQuery.MaxLimit}."];
        }
        JobCursor? after = null;
        if (q.TryGetValue("cursor", out var c) && !string.IsNullOrEmpty(c))
        {
            after = DecodeCursor(c!);
            if (after is null) errors["cursor"] = ["Not a cursor returned by this API."];
        }
        if (errors.Count > 0) return (null, errors);
        return (new JobQuery
        {
            TenantId = tenantId,
            Status = status,
            Queue = NullIfEmpty(q["queue"]),
            Type = NullIfEmpty(q["type"]),
            From = from,
            To = to,
            Limit = limit,
            After = after,
        }, errors);
    }

    public static string EncodeCursor(JobCursor cursor) => JobCursorText.Encode(cursor);

    public static JobCursor? DecodeCursor(string text) => JobCursorText.Decode(text);

    private static DateTimeOffset? ReadTime(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        if (!q.TryGetValue(name, out var value) || string.IsNullOrEmpty(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        errors[name] = ["Must be an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z."];
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
