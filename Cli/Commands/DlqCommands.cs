using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Commands;

/// <summary><c>dlq list|retry</c>.</summary>
public static class DlqCommands
{
    public static async Task<int> ListAsync(CliContext c)
    {
        var query = JobsCommands.Query(c.Line, "queue", "type", "from", "to", "limit", "cursor");
        c.Line.CheckAllUsed();
        var page = await c.Api.SendAsync(HttpMethod.Get, "v1/dlq" + query);
        c.Print(page, () => JobsCommands.PrintJobList(c.Out, page));
        return ExitCodes.Ok;
    }

    /// <summary><c>dlq retry ID</c>, or <c>dlq retry --all --yes</c>: every dead-lettered job (of <c>--queue</c>/<c>--type</c>), page by page.</summary>
    public static async Task<int> RetryAsync(CliContext c)
    {
        if (!c.Line.Flag("all")) return await JobsCommands.RetryAsync(c);
        var confirmed = c.Line.Flag("yes");
        var filter = JobsCommands.Query(c.Line, "queue", "type");
        c.Line.CheckAllUsed();
        if (!confirmed) throw new CliException(ExitCodes.Usage, "dlq retry --all retries every dead-lettered job; add --yes to confirm.");
        var retried = new List<string>();
        var failed = 0;
        var seen = new HashSet<string>();
        while (true)
        {
            var page = await c.Api.SendAsync(HttpMethod.Get, "v1/dlq" + (filter.Length == 0 ? "?" : filter + "&") + "limit=100");
            var ids = page.GetProperty("items").EnumerateArray().Select(j => j.Text("id")).Where(seen.Add).ToList();
            if (ids.Count == 0) break;
            foreach (var id in ids)
            {
                try
                {
                    await c.Api.SendAsync(HttpMethod.Post, $"v1/jobs/{id}/retry", new { });
                    retried.Add(id);
                }
                catch (CliException e) when (e.ExitCode is ExitCodes.Rejected or ExitCodes.NotFound)
                {
                    failed++; // retried or removed meanwhile
                }
            }
        }
        if (c.Json) c.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { retried, failed }, CliJson.Options));
        else c.Out.WriteLine($"Retried {retried.Count} dead-lettered jobs{(failed > 0 ? $"; {failed} could not be retried" : "")}.");
        return failed > 0 ? ExitCodes.Rejected : ExitCodes.Ok;
    }
}
