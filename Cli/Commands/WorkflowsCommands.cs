using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Commands;

/// <summary><c>workflows submit|get|rerun</c>.</summary>
public static class WorkflowsCommands
{
    private static readonly string[] Ended = ["Succeeded", "Failed", "Cancelled", "TimedOut"];

    public static async Task<int> SubmitAsync(CliContext c)
    {
        var file = c.Line.Option("file") ?? throw new CliException(ExitCodes.Usage, "workflows submit needs --file (the workflow as JSON; - for standard input).");
        var wait = c.Line.Flag("wait");
        c.Line.CheckAllUsed();
        var definition = file == "-" ? CliContext.ReadJson(c.Env.In.ReadToEnd(), "file") : CliContext.ReadJson("@" + file, "file");
        var workflow = await c.Api.SendAsync(HttpMethod.Post, "v1/workflows", new RawJson(definition.GetRawText(), null));
        if (wait) return await WaitAsync(c, workflow.Text("id"));
        c.Print(workflow, () => c.Out.WriteLine($"Started workflow {workflow.Text("id")} ({workflow.Text("status")})."));
        return ExitCodes.Ok;
    }

    public static async Task<int> GetAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "workflow-id", 2);
        c.Line.CheckAllUsed();
        var w = await c.Api.SendAsync(HttpMethod.Get, $"v1/workflows/{Uri.EscapeDataString(id)}");
        c.Print(w, () => PrintWorkflow(c.Out, w));
        return ExitCodes.Ok;
    }

    public static async Task<int> RerunAsync(CliContext c)
    {
        var id = c.Line.Argument(0, "workflow-id", 2);
        var wait = c.Line.Flag("wait");
        c.Line.CheckAllUsed();
        var w = await c.Api.SendAsync(HttpMethod.Post, $"v1/workflows/{Uri.EscapeDataString(id)}/rerun", new { });
        if (wait) return await WaitAsync(c, id);
        c.Print(w, () => c.Out.WriteLine($"Workflow {id} runs again (run {w.Text("run")})."));
        return ExitCodes.Ok;
    }

    private static async Task<int> WaitAsync(CliContext c, string id)
    {
        while (true)
        {
            var w = await c.Api.SendAsync(HttpMethod.Get, $"v1/workflows/{Uri.EscapeDataString(id)}");
            if (Ended.Contains(w.Text("status")))
            {
                c.Print(w, () => PrintWorkflow(c.Out, w));
                return w.Text("status") == "Succeeded" ? ExitCodes.Ok : ExitCodes.NotSucceeded;
            }
            await Task.Delay(c.Env.PollInterval);
        }
    }

    private static void PrintWorkflow(TextWriter output, System.Text.Json.JsonElement w)
    {
        Table.WriteFields(output, [("id", w.Text("id")), ("name", w.Text("name")), ("status", w.Text("status")), ("run", w.Text("run")), ("created", w.Text("createdAt")), ("ended", w.Text("endedAt"))]);
        Table.Write(output, ["step", "depends on", "status", "job", "attempts", "error"], w.GetProperty("steps").EnumerateArray().Select(s => (IReadOnlyList<string?>)
            [s.Text("name"), string.Join(",", s.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString())), s.Text("status"), s.Text("jobId"), s.Text("attempts"), s.Text("error")]));
    }
}
