using System.Text.Json;
using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Commands;

/// <summary><c>jobs submit|get|list|cancel|retry|logs|watch</c>.</summary>
public static class JobsCommands
{
    private static readonly string[] Terminal = ["Succeeded", "DeadLettered", "Cancelled"];

    public static async Task<int> SubmitAsync(CliContext c)
    {
        var l = c.Line;
        var type = l.Option("type") ?? throw new CliException(ExitCodes.Usage, "jobs submit needs --type.");
        var body = new Dictionary<string, object?>
        {
            ["type"] = type,
            ["payload"] = l.Option("payload") is { } p ? CliContext.ReadJson(p, "payload") : null,
            ["queue"] = l.Option("queue"),
            ["priority"] = l.IntOption("priority"),
            ["delay"] = l.Option("delay"),
            ["runAt"] = l.Option("run-at"),
            ["maxAttempts"] = l.IntOption("max-attempts"),
        };
        var key = l.Option("idempotency-key");
        var wait = l.Flag("wait");
        l.CheckAllUsed();
        var json = JsonSerializer.Serialize(body.Where(kv => kv.Value is not null).ToDictionary(), CliJson.Options);
        var job = await c.Api.SendAsync(HttpMethod.Post, "v1/jobs", new RawJson(json, key));
        if (wait) return await WatchAsync(c, job.Text("id"));
        c.Print(job, () => c.Out.WriteLine($"Submitted job {job.Text("id")} ({job.Text("status")})."));
        return ExitCodes.Ok;
    }

    public static async Task<int> GetAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "job-id", 2);
        c.Line.CheckAllUsed();
        var job = await c.Api.SendAsync(HttpMethod.Get, $"v1/jobs/{Uri.EscapeDataString(id)}");
        c.Print(job, () => PrintJob(c.Out, job));
        return ExitCodes.Ok;
    }

    public static async Task<int> ListAsync(CliContext c)
    {
        var query = Query(c.Line, "status", "queue", "type", "from", "to", "limit", "cursor");
        c.Line.CheckAllUsed();
        var page = await c.Api.SendAsync(HttpMethod.Get, "v1/jobs" + query);
        c.Print(page, () => PrintJobList(c.Out, page));
        return ExitCodes.Ok;
    }

    public static async Task<int> CancelAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "job-id", 2);
        var reason = c.Line.Option("reason");
        c.Line.CheckAllUsed();
        var job = await c.Api.SendAsync(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(id)}/cancel", reason is null ? new { } : new { reason });
        c.Print(job, () => c.Out.WriteLine($"Job {job.Text("id")} is {job.Text("status")}."));
        return ExitCodes.Ok;
    }

    public static async Task<int> RetryAsync(CliContext c, int words = 2)
    {
        var id = c.Line.Argument(0, "job-id", words);
        c.Line.CheckAllUsed();
        var job = await c.Api.SendAsync(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(id)}/retry", new { });
        c.Print(job, () => c.Out.WriteLine($"Job {job.Text("id")} is {job.Text("status")} again."));
        return ExitCodes.Ok;
    }

    public static async Task<int> LogsAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "job-id", 2);
        var attempt = c.Line.IntOption("attempt");
        c.Line.CheckAllUsed();
        var logs = await c.Api.SendAsync(HttpMethod.Get, $"v1/jobs/{Uri.EscapeDataString(id)}/logs" + (attempt is null ? "" : $"?attempt={attempt}"));
        c.Print(logs, () =>
        {
            foreach (var a in logs.GetProperty("attempts").EnumerateArray())
            {
                c.Out.WriteLine($"--- attempt {a.Text("attempt")} ({a.Text("result")}){(a.Text("progress") is { Length: > 0 } p ? $", progress {p} %" : "")}");
                foreach (var line in a.GetProperty("lines").EnumerateArray()) c.Out.WriteLine($"{line.Text("at")}  {line.Text("message")}");
                if (a.Text("output") is { Length: > 0 } output) c.Out.WriteLine(output);
            }
        });
        return ExitCodes.Ok;
    }

    public static Task<int> WatchAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "job-id", 2);
        c.Line.CheckAllUsed();
        return WatchAsync(c, id);
    }

    /// <summary>Follows a job until it ends: a progress bar on a terminal, one line per change otherwise. Exit 0 only when it succeeded.</summary>
    public static async Task<int> WatchAsync(CliContext c, string id)
    {
        string? last = null;
        while (true)
        {
            var job = await c.Api.SendAsync(HttpMethod.Get, $"v1/jobs/{Uri.EscapeDataString(id)}");
            var status = job.Text("status");
            var attempts = job.GetProperty("attempts");
            var progress = attempts.GetArrayLength() > 0 && attempts[attempts.GetArrayLength() - 1].TryGetProperty("log", out var log)
                && log.ValueKind == JsonValueKind.Object && log.TryGetProperty("progress", out var pr) && pr.ValueKind == JsonValueKind.Number ? pr.GetInt32() : (int?)null;
            var line = $"{status} attempt {job.Text("attempt")}/{job.Text("maxAttempts")}{(progress is null ? "" : $" {Bar(progress.Value)} {progress} %")}";
            if (!c.Json && line != last)
            {
                if (c.Env.Interactive) c.Out.Write($"\r{line}".PadRight(70));
                else c.Out.WriteLine(line);
                last = line;
            }
            if (Terminal.Contains(status))
            {
                if (c.Env.Interactive && !c.Json) c.Out.WriteLine();
                c.Print(job, () =>
                {
                    if (job.Text("lastError") is { Length: > 0 } error && status != "Succeeded") c.Out.WriteLine($"Last error: {error}");
                });
                return status == "Succeeded" ? ExitCodes.Ok : ExitCodes.NotSucceeded;
            }
            await Task.Delay(c.Env.PollInterval);
        }
    }

    private static string Bar(int percent) => "[" + new string('#', percent / 5).PadRight(20, '.') + "]";

    public static void PrintJob(TextWriter output, JsonElement job)
    {
        Table.WriteFields(output,
        [
            ("id", job.Text("id")), ("type", job.Text("type")), ("queue", job.Text("queue")), ("status", job.Text("status")),
            ("reason", job.Text("statusReason")), ("attempts", $"{job.Text("attempt")}/{job.Text("maxAttempts")}"),
            ("run at", job.Text("runAt")), ("next attempt", job.Text("nextAttemptAt")), ("created", job.Text("createdAt")),
            ("updated", job.Text("updatedAt")), ("payload", job.Text("payload")), ("result", job.Text("result")), ("last error", job.Text("lastError")),
        ]);
    }

    public static void PrintJobList(TextWriter output, JsonElement page)
    {
        Table.Write(output, ["id", "type", "queue", "status", "attempts", "created", "last error"],
            page.GetProperty("items").EnumerateArray().Select(j => (IReadOnlyList<string?>)
                [j.Text("id"), j.Text("type"), j.Text("queue"), j.Text("status"), $"{j.Text("attempt")}/{j.Text("maxAttempts")}", j.Text("createdAt"), j.Text("lastError")]));
        if (page.Text("nextCursor") is { Length: > 0 } cursor) output.WriteLine($"More: --cursor {cursor}");
    }

    /// <summary>A query string from the options given.</summary>
    public static string Query(CommandLine line, params string[] names)
    {
        var parts = names.Select(n => (n, line.Option(n))).Where(p => p.Item2 is not null)
            .Select(p => $"{p.n}={Uri.EscapeDataString(p.Item2!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}

/// <summary>A request body already serialized, with an optional Idempotency-Key.</summary>
public sealed record RawJson(string Json, string? IdempotencyKey);
