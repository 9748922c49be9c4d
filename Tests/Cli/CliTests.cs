using System.Net;
using System.Text.Json;
using Orchestrator.Cli;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cli;

/// <summary>The <c>orchestrator</c> CLI run in-process against an embedded gateway: every command, its --json output, its exit codes.</summary>
public sealed class CliTests(ApiFactory api) : IClassFixture<ApiFactory>, IDisposable
{
    private readonly string _profiles = Path.Combine(Path.GetTempPath(), $"orchestrator-cli-{Guid.NewGuid():N}", "profiles.json");

    private sealed record Run(int Exit, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    /// <summary>Runs the CLI with the test gateway's handler; credentials from the environment unless <paramref name="withKey"/> is false.</summary>
    private async Task<Run> CliAsync(string[] args, bool withKey = true, string stdin = "", Dictionary<string, string>? env = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string> { ["ORCHESTRATOR_URL"] = "http://gateway.test" };
        if (withKey) variables["ORCHESTRATOR_API_KEY"] = TestAuth.ApiKey;
        foreach (var (k, v) in env ?? []) variables[k] = v;
        var exit = await CliApp.RunAsync(args, new CliEnvironment
        {
            Out = output, Error = error, In = new StringReader(stdin), Variables = variables, ProfilesPath = _profiles,
            Handler = api.Server.CreateHandler(), PollInterval = TimeSpan.FromMilliseconds(50),
        });
        return new Run(exit, output.ToString(), error.ToString());
    }

    private async Task<Run> OkAsync(params string[] args)
    {
        var run = await CliAsync(args);
        Assert.True(run.Exit == 0, $"orchestrator {string.Join(' ', args)} → {run.Exit}: {run.Error}{run.Out}");
        return run;
    }

    [Fact]
    public async Task Jobs_SubmitGetListLogsWatch_HumanAndJson()
    {
        var queue = $"cli-{Guid.NewGuid():N}"[..16];
        var submitted = (await OkAsync("jobs", "submit", "--type", TestHandlers.LogHandler.Name, "--queue", queue, "--payload", """{"lines":2,"progress":60}""", "--json")).Json;
        var id = submitted.GetProperty("id").GetString()!;
        Assert.Equal(queue, submitted.GetProperty("queue").GetString());

        var watched = await OkAsync("jobs", "watch", id);
        Assert.Contains("Succeeded", watched.Out);
        // Piped output: a line per change, the last one with the attempt's progress as a bar (one # per 5 %) and a number.
        Assert.EndsWith("[############........] 60 %", watched.Out.TrimEnd().Split('\n')[^1].TrimEnd());

        var got = await OkAsync("jobs", "get", id);
        Assert.Contains(id, got.Out);
        Assert.Contains("Succeeded", got.Out);
        Assert.Equal("Succeeded", (await OkAsync("jobs", "get", id, "--json")).Json.GetProperty("status").GetString());

        var list = await OkAsync("jobs", "list", "--queue", queue);
        Assert.Contains(id, list.Out);
        Assert.StartsWith("ID", list.Out);
        var listed = (await OkAsync("jobs", "list", "--queue", queue, "--json")).Json.GetProperty("items");
        Assert.Equal(id, listed.EnumerateArray().Single().GetProperty("id").GetString());

        var logs = await OkAsync("jobs", "logs", id);
        Assert.Contains("line 1", logs.Out);
        Assert.Contains("progress 60 %", logs.Out);
        Assert.True((await OkAsync("jobs", "logs", id, "--json")).Json.GetProperty("attempts")[0].GetProperty("lines").GetArrayLength() >= 2);

        var waited = await OkAsync("jobs", "submit", "--type", "noop", "--wait", "--json");
        Assert.Equal("Succeeded", waited.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancelRetry_AndTheDeadLetterQueue()
    {
        var failing = (await OkAsync("jobs", "submit", "--type", TestHandlers.FailHandler.Name, "--max-attempts", "1", "--json")).Json.GetProperty("id").GetString()!;
        var watched = await CliAsync(["jobs", "watch", failing]);
        Assert.Equal(ExitCodes.NotSucceeded, watched.Exit);
        Assert.Contains("DeadLettered", watched.Out);

        Assert.Contains(failing, (await OkAsync("dlq", "list")).Out);
        Assert.Contains(failing, (await OkAsync("dlq", "list", "--json")).Json.GetProperty("items").GetRawText());
        Assert.Contains("again", (await OkAsync("dlq", "retry", failing)).Out);
        await DeadLetteredAgainAsync(failing, attempts: 2);

        // Both retries print the job as the API answers it: the same job, queued again (or already started).
        foreach (var (command, attempts) in new[] { ("dlq", 3), ("jobs", 4) })
        {
            var retried = (await OkAsync(command, "retry", failing, "--json")).Json;
            Assert.Equal(failing, retried.GetProperty("id").GetString());
            Assert.Contains(retried.GetProperty("status").GetString(), new[] { "Queued", "Running" });
            await DeadLetteredAgainAsync(failing, attempts);
        }

        Assert.Equal(ExitCodes.Usage, (await CliAsync(["dlq", "retry", "--all"])).Exit); // asks for --yes
        var all = (await OkAsync("dlq", "retry", "--all", "--yes", "--type", TestHandlers.FailHandler.Name, "--json")).Json;
        Assert.Contains(failing, all.GetProperty("retried").GetRawText());

        var delayed = (await OkAsync("jobs", "submit", "--type", "noop", "--delay", "PT1H", "--json")).Json.GetProperty("id").GetString()!;
        Assert.Contains("Cancelled", (await OkAsync("jobs", "cancel", delayed, "--reason", "not needed")).Out);
        Assert.Equal(ExitCodes.Rejected, (await CliAsync(["jobs", "cancel", delayed])).Exit); // 409: already cancelled

        var another = (await OkAsync("jobs", "submit", "--type", "noop", "--delay", "PT1H", "--json")).Json.GetProperty("id").GetString()!;
        var cancelled = (await OkAsync("jobs", "cancel", another, "--reason", "not needed either", "--json")).Json;
        Assert.Equal((another, "Cancelled"), (cancelled.GetProperty("id").GetString(), cancelled.GetProperty("status").GetString()));
        Assert.Contains("not needed either", cancelled.GetProperty("statusReason").GetString());
    }

    private Task<JsonElement> DeadLetteredAgainAsync(string id, int attempts) =>
        Eventually.Until(async () => (await OkAsync("jobs", "get", id, "--json")).Json,
            j => j.GetProperty("status").GetString() == "DeadLettered" && j.GetProperty("attempts").GetArrayLength() == attempts,
            $"job {id} retried, dead-lettered again after attempt {attempts}", describe: j => $"{j.GetProperty("status")} after {j.GetProperty("attempts").GetArrayLength()} attempts");

    [Fact]
    public async Task Schedules_CreateListGetPauseResumeTriggerDelete()
    {
        var created = (await OkAsync("schedules", "create", "--cron", "0 3 * * *", "--type", "noop", "--payload", """{"n":1}""", "--json")).Json;
        var id = created.GetProperty("id").GetString()!;
        Assert.Contains(id, (await OkAsync("schedules", "list")).Out);
        Assert.Contains(id, (await OkAsync("schedules", "list", "--json")).Json.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Contains("0 3 * * *", (await OkAsync("schedules", "get", id)).Out);
        var got = (await OkAsync("schedules", "get", id, "--json")).Json;
        Assert.Equal((id, "0 3 * * *", "noop"), (got.GetProperty("id").GetString(), got.GetProperty("cron").GetString(), got.GetProperty("job").GetProperty("type").GetString()));
        Assert.Equal("Paused", (await OkAsync("schedules", "pause", id, "--json")).Json.GetProperty("status").GetString());
        Assert.Equal("Active", (await OkAsync("schedules", "resume", id, "--json")).Json.GetProperty("status").GetString());
        var run = (await OkAsync("schedules", "trigger", id, "--json")).Json;
        Assert.Equal(JsonValueKind.String, run.GetProperty("jobId").ValueKind);
        Assert.Contains("Deleted", (await OkAsync("schedules", "delete", id)).Out);
        Assert.Equal(ExitCodes.NotFound, (await CliAsync(["schedules", "get", id])).Exit);
        var other = (await OkAsync("schedules", "create", "--cron", "0 4 * * *", "--type", "noop", "--json")).Json.GetProperty("id").GetString()!;
        Assert.Equal(other, (await OkAsync("schedules", "delete", other, "--json")).Json.GetProperty("deleted").GetString());
        Assert.Equal(ExitCodes.NotFound, (await CliAsync(["schedules", "get", other, "--json"])).Exit);
        Assert.Equal(ExitCodes.Rejected, (await CliAsync(["schedules", "create", "--cron", "every day", "--type", "noop"])).Exit);
    }

    [Fact]
    public async Task Workflows_SubmitGetRerun()
    {
        var file = Path.Combine(Path.GetDirectoryName(_profiles)!, "flow.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, $$$"""{"name":"cli-flow","steps":[{"name":"a","job":{"type":"noop"}},{"name":"b","dependsOn":["a"],"job":{"type":"{{{TestHandlers.FailHandler.Name}}}","maxAttempts":1}}]}""");
        var submitted = await CliAsync(["workflows", "submit", "--file", file, "--wait", "--json"]);
        Assert.Equal(ExitCodes.NotSucceeded, submitted.Exit);
        var id = submitted.Json.GetProperty("id").GetString()!;
        Assert.Equal("Failed", submitted.Json.GetProperty("status").GetString());
        var got = await OkAsync("workflows", "get", id);
        Assert.Contains("STEP", got.Out);
        Assert.Contains("Failed", got.Out);
        var json = (await OkAsync("workflows", "get", id, "--json")).Json;
        Assert.Equal((id, "Failed"), (json.GetProperty("id").GetString(), json.GetProperty("status").GetString()));
        Assert.Equal([("a", "Succeeded"), ("b", "Failed")],
            json.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("status").GetString())));
        var rerun = await CliAsync(["workflows", "rerun", id, "--wait", "--json"]);
        Assert.Equal(ExitCodes.NotSucceeded, rerun.Exit);
        Assert.Equal(2, rerun.Json.GetProperty("run").GetInt32());
    }

    [Fact]
    public async Task Login_WithAnApiKey_SavesTheProfile_WhichLaterCommandsUse()
    {
        var login = await CliAsync(["login", "--api-key", TestAuth.ApiKey], withKey: false);
        Assert.True(login.Exit == 0, login.Error);
        Assert.Contains("Signed in", login.Out);
        Assert.True(File.Exists(_profiles));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_profiles));
        var list = await CliAsync(["jobs", "list", "--limit", "1"], withKey: false);
        Assert.True(list.Exit == 0, list.Error);
        var again = await CliAsync(["login", "--api-key", TestAuth.ApiKey, "--json"], withKey: false);
        Assert.True(again.Exit == 0, again.Error);
        Assert.Equal(TestAuth.DefaultTenant, again.Json.GetProperty("id").GetString()); // the tenant signed in to

        Assert.Equal(ExitCodes.Auth, (await CliAsync(["login", "--api-key", "orch_wrong_key"], withKey: false)).Exit);
    }

    [Fact]
    public async Task Login_WithEmailAndPassword_UsesTokens()
    {
        var tenant = await Tenancy.RegisterAsync(api.CreateAnonymousClient());
        var login = await CliAsync(["login", "--email", tenant.OwnerEmail, "--password-stdin", "--profile", "owner"], withKey: false, stdin: Tenancy.Password + "\n");
        Assert.True(login.Exit == 0, login.Error);
        var current = await CliAsync(["jobs", "list", "--profile", "owner", "--json"], withKey: false);
        Assert.True(current.Exit == 0, current.Error);
        Assert.Equal(ExitCodes.Auth, (await CliAsync(["login", "--email", tenant.OwnerEmail], withKey: false, stdin: "wrong\n")).Exit);
    }

    [Fact]
    public async Task Errors_HaveTheirExitCodes_AndReadableMessages()
    {
        var notFound = await CliAsync(["jobs", "get", Guid.NewGuid().ToString()]);
        Assert.Equal(ExitCodes.NotFound, notFound.Exit);
        Assert.StartsWith("error: 404", notFound.Error);

        var bad = await CliAsync(["jobs", "submit", "--type", "bad type!"]);
        Assert.Equal(ExitCodes.Rejected, bad.Exit);
        Assert.Contains("type:", bad.Error);

        Assert.Equal(ExitCodes.Auth, (await CliAsync(["jobs", "list"], withKey: false)).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliAsync(["jobs", "submit", "--payload", "{}"])).Exit); // no --type
        Assert.Equal(ExitCodes.Usage, (await CliAsync(["jobs", "submit", "--type", "noop", "--payload", "{oops"])).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliAsync(["jobs", "list", "--colour", "red"])).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliAsync(["frobnicate"])).Exit);
        Assert.Equal(ExitCodes.Ok, (await CliAsync(["help"])).Exit);

        // Nothing listens on this port: connection refused.
        var output = new StringWriter();
        var refused = await CliApp.RunAsync(["jobs", "list"], new CliEnvironment
        {
            Out = output, Error = new StringWriter(), ProfilesPath = _profiles,
            Variables = new Dictionary<string, string> { ["ORCHESTRATOR_URL"] = $"http://127.0.0.1:{FreePort.Next()}", ["ORCHESTRATOR_API_KEY"] = TestAuth.ApiKey },
        });
        Assert.Equal(ExitCodes.Unavailable, refused);
    }

    public void Dispose()
    {
        var directory = Path.GetDirectoryName(_profiles)!;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
