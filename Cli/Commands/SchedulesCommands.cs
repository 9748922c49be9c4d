using System.Text.Json;
using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Commands;

/// <summary><c>schedules create|list|get|pause|resume|trigger|delete</c>.</summary>
public static class SchedulesCommands
{
    public static async Task<int> CreateAsync(CliContext c)
    {
        var l = c.Line;
        var cron = l.Option("cron") ?? throw new CliException(ExitCodes.Usage, "schedules create needs --cron.");
        var type = l.Option("type");
        var workflow = l.Option("workflow");
        if (type is null == workflow is null) throw new CliException(ExitCodes.Usage, "schedules create needs --type (a job) or --workflow (a saved definition).");
        var body = new Dictionary<string, object?>
        {
            ["cron"] = cron,
            ["timeZone"] = l.Option("time-zone"),
            ["description"] = l.Option("description"),
            ["workflow"] = workflow,
            ["job"] = type is null ? null : new Dictionary<string, object?>
            {
                ["type"] = type,
                ["queue"] = l.Option("queue"),
                ["payload"] = l.Option("payload") is { } p ? CliContext.ReadJson(p, "payload") : null,
            }.Where(kv => kv.Value is not null).ToDictionary(),
        };
        l.CheckAllUsed();
        var schedule = await c.Api.SendAsync(HttpMethod.Post, "v1/schedules", new RawJson(JsonSerializer.Serialize(body.Where(kv => kv.Value is not null).ToDictionary(), CliJson.Options), null));
        c.Print(schedule, () => c.Out.WriteLine($"Created schedule {schedule.Text("id")}; next fire {schedule.Text("nextFireAt")}."));
        return ExitCodes.Ok;
    }

    public static async Task<int> ListAsync(CliContext c)
    {
        c.Line.CheckAllUsed();
        var list = await c.Api.SendAsync(HttpMethod.Get, "v1/schedules");
        c.Print(list, () => Table.Write(c.Out, ["id", "cron", "runs", "status", "next fire", "last fire", "fires"],
            list.GetProperty("items").EnumerateArray().Select(s => (IReadOnlyList<string?>)
                [s.Text("id"), s.Text("cron"), s.Text("workflow") is { Length: > 0 } w ? $"workflow {w}" : s.GetProperty("job").Text("type"),
                 s.Text("status"), s.Text("nextFireAt"), s.Text("lastFireAt"), s.Text("fireCount")])));
        return ExitCodes.Ok;
    }

    public static async Task<int> GetAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "schedule-id", 2);
        c.Line.CheckAllUsed();
        var s = await c.Api.SendAsync(HttpMethod.Get, $"v1/schedules/{Uri.EscapeDataString(id)}");
        c.Print(s, () => Table.WriteFields(c.Out,
        [
            ("id", s.Text("id")), ("cron", s.Text("cron")), ("time zone", s.Text("timeZone")), ("status", s.Text("status")),
            ("job", s.Text("job")), ("workflow", s.Text("workflow")), ("next fire", s.Text("nextFireAt")), ("last fire", s.Text("lastFireAt")),
            ("last job", s.Text("lastJobId")), ("fires", s.Text("fireCount")),
        ]));
        return ExitCodes.Ok;
    }

    /// <summary><c>pause|resume|trigger ID</c>: one POST on the schedule.</summary>
    public static async Task<int> ActAsync(CliContext c, string verb)
    {
        var id = c.Line.Argument(0, "schedule-id", 2);
        c.Line.CheckAllUsed();
        var answer = await c.Api.SendAsync(HttpMethod.Post, $"v1/schedules/{Uri.EscapeDataString(id)}/{verb}", new { });
        c.Print(answer, () => c.Out.WriteLine(verb == "trigger" ? $"Triggered schedule {id}: job {answer.Text("jobId")}{answer.Text("workflowId")}." : $"Schedule {id} is {answer.Text("status")}."));
        return ExitCodes.Ok;
    }

    public static async Task<int> DeleteAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "schedule-id", 2);
        c.Line.CheckAllUsed();
        await c.Api.SendAsync(HttpMethod.Delete, $"v1/schedules/{Uri.EscapeDataString(id)}");
        if (c.Json) c.Out.WriteLine(JsonSerializer.Serialize(new { deleted = id }));
        else c.Out.WriteLine($"Deleted schedule {id}.");
        return ExitCodes.Ok;
    }
}
