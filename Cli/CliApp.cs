using Orchestrator.Cli.Commands;

namespace Orchestrator.Cli;

/// <summary>The <c>orchestrator</c> command: parses the command line, runs the command, maps failures to exit codes.</summary>
public static class CliApp
{
    private static readonly Dictionary<string, Func<CliContext, Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["login"] = LoginCommand.RunAsync,
        ["jobs submit"] = JobsCommands.SubmitAsync,
        ["jobs get"] = JobsCommands.GetAsync,
        ["jobs list"] = JobsCommands.ListAsync,
        ["jobs cancel"] = JobsCommands.CancelAsync,
        ["jobs retry"] = c => JobsCommands.RetryAsync(c),
        ["jobs logs"] = JobsCommands.LogsAsync,
        ["jobs watch"] = JobsCommands.WatchAsync,
        ["dlq list"] = DlqCommands.ListAsync,
        ["dlq retry"] = DlqCommands.RetryAsync,
        ["schedules create"] = SchedulesCommands.CreateAsync,
        ["schedules list"] = SchedulesCommands.ListAsync,
        ["schedules get"] = SchedulesCommands.GetAsync,
        ["schedules pause"] = c => SchedulesCommands.ActAsync(c, "pause"),
        ["schedules resume"] = c => SchedulesCommands.ActAsync(c, "resume"),
        ["schedules trigger"] = c => SchedulesCommands.ActAsync(c, "trigger"),
        ["schedules delete"] = SchedulesCommands.DeleteAsync,
        ["workflows submit"] = WorkflowsCommands.SubmitAsync,
        ["workflows get"] = WorkflowsCommands.GetAsync,
        ["workflows rerun"] = WorkflowsCommands.RerunAsync,
    };

    public const string Usage = """
        orchestrator — jobs, dead letters, schedules and workflows over the Orchestrator HTTP API

        Usage: orchestrator <command> [arguments] [options]

          login --api-key KEY | --email ADDRESS (password on stdin)   check and save credentials in the profile
          jobs submit --type T [--payload JSON|@file] [--queue Q] [--priority N] [--delay 30|PT30S]
                      [--run-at 2030-01-01T09:00:00Z] [--max-attempts N] [--idempotency-key K] [--wait]
          jobs get ID | jobs list [--status S] [--queue Q] [--type T] [--from T] [--to T] [--limit N] [--cursor C]
          jobs cancel ID [--reason R] | jobs retry ID | jobs logs ID [--attempt N] | jobs watch ID
          dlq list [--queue Q] [--type T] | dlq retry ID | dlq retry --all --yes [--queue Q] [--type T]
          schedules create --cron "0 9 * * *" (--type T [--payload JSON] [--queue Q] | --workflow NAME) [--time-zone Z]
          schedules list | schedules get|pause|resume|trigger|delete ID
          workflows submit --file F.json|- [--wait] | workflows get ID | workflows rerun ID [--wait]

        Options everywhere:
          --json            print the API's JSON (one document) instead of tables
          --url URL         gateway URL        (env ORCHESTRATOR_URL; profile; default http://localhost:5000)
          --api-key KEY     API key            (env ORCHESTRATOR_API_KEY, or a bearer token in ORCHESTRATOR_TOKEN; profile)
          --profile NAME    profile to use     (env ORCHESTRATOR_PROFILE; default "default")
        Profiles live in ~/.config/orchestrator/profiles.json (env ORCHESTRATOR_PROFILES), mode 0600.
        Flags beat the environment, which beats the profile.

        """ + ExitCodes.Help;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment env)
    {
        try
        {
            var line = CommandLine.Parse(args);
            if (line.Words.Count == 0 || line.Words[0] is "help" || line.Has("help"))
            {
                env.Out.WriteLine(Usage);
                return line.Words.Count == 0 && !line.Has("help") ? ExitCodes.Usage : ExitCodes.Ok;
            }
            var name = line.Words[0] == "login" ? "login" : string.Join(' ', line.Words.Take(2));
            if (!Commands.TryGetValue(name, out var command))
            {
                throw new CliException(ExitCodes.Usage, $"Unknown command '{string.Join(' ', line.Words.Take(2))}'. Run 'orchestrator help'.");
            }
            var context = CliContext.Create(line, env);
            return await command(context);
        }
        catch (CliException e)
        {
            await env.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
    }
}
