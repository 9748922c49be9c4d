using Orchestrator.Client;
using Orchestrator.Client.Jobs;
using Orchestrator.Client.Schedules;
using Orchestrator.Client.Workflows;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;

namespace Orchestrator.Tests.Client;

/// <summary>
/// The same scenario through the Orleans transport and the HTTP transport, each embedded in a host of its own, gives
/// the same results: statuses, attempt counts, results and error statuses.
/// </summary>
public sealed class ClientTransportTests(ClientHosts hosts) : IClassFixture<ClientHosts>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>What a scenario run observed, free of ids and times, so two transports' runs compare equal.</summary>
    private sealed record Outcome(
        JobStatus Noop, int NoopAttempts, string NoopPayload, JobStatus Echo, string EchoResult,
        JobStatus Failing, int FailingAttempts, bool LastAttemptDeadLettered, string? FailingError,
        JobStatus Retried, int RetriedAttempts, bool UnknownIsNull, bool NoopListed,
        int CancelFinished, string CancelFinishedType, int RetryUnknown,
        ScheduleStatus Created, ScheduleStatus Paused, bool PausedHasNextFire, ScheduleStatus Resumed, ScheduleRunKind Triggered,
        JobStatus TriggeredJob, bool ScheduleListed, bool ScheduleGone, int DeleteGone,
        WorkflowStatus Workflow, string Steps, string? SecondStepResult, int RerunSucceeded);

    [Fact]
    public async Task SameScenario_GivesTheSameOutcome_OnBothTransports()
    {
        var overHttp = await RunScenarioAsync(ClientHosts.Http);
        var overOrleans = await RunScenarioAsync(ClientHosts.Orleans);

        Assert.Equal(new Outcome(
            Noop: JobStatus.Succeeded, NoopAttempts: 1, NoopPayload: """{"hello":"wörld"}""", Echo: JobStatus.Succeeded, EchoResult: """{"value":42}""",
            Failing: JobStatus.DeadLettered, FailingAttempts: 1, LastAttemptDeadLettered: true, FailingError: "gate {gate} is closed",
            Retried: JobStatus.Succeeded, RetriedAttempts: 2, UnknownIsNull: true, NoopListed: true,
            CancelFinished: 409, CancelFinishedType: OrchestratorProblemTypes.IllegalTransition, RetryUnknown: 404,
            Created: ScheduleStatus.Active, Paused: ScheduleStatus.Paused, PausedHasNextFire: false, Resumed: ScheduleStatus.Active,
            Triggered: ScheduleRunKind.Manual, TriggeredJob: JobStatus.Succeeded, ScheduleListed: true, ScheduleGone: true, DeleteGone: 404,
            Workflow: WorkflowStatus.Succeeded, Steps: "first:Succeeded:1, second:Succeeded:1", SecondStepResult: """{"from":{"value":7}}""",
            RerunSucceeded: 409), overHttp);
        Assert.Equal(overHttp, overOrleans);
    }

    private async Task<Outcome> RunScenarioAsync(string transport)
    {
        var client = hosts[transport];
        var noop = await client.Jobs.WaitForCompletionAsync((await client.Jobs.SubmitAsync("noop", new { hello = "wörld" })).Id, Wait);
        var echo = await client.Jobs.WaitForCompletionAsync((await client.Jobs.SubmitAsync(TestHandlers.EchoHandler.Name, new EchoPayload(42))).Id, Wait);

        // Fails for good while its gate is closed: dead-lettered after one attempt; retried once the gate opens, it succeeds.
        var gate = $"client-{transport}-{Guid.NewGuid():N}";
        var failing = await client.Jobs.SubmitAsync(TestHandlers.EchoHandler.Name, new { failUntilReleased = gate }, new SubmitOptions { MaxAttempts = 3 });
        var deadLettered = await client.Jobs.WaitForCompletionAsync(failing.Id, Wait);
        TestHandlers.Release(gate);
        await client.Jobs.RetryAsync(failing.Id);
        var retried = await Eventually.Until(() => client.Jobs.GetAsync(failing.Id), j => j!.Status == JobStatus.Succeeded,
            $"retried job {failing.Id} over {transport} to succeed", describe: j => $"{j?.Status}");

        var listed = await client.Jobs.ListAsync(new JobFilter { Type = "noop", Status = JobStatus.Succeeded, Limit = JobFilter.MaxLimit });
        var cancelFinished = await Assert.ThrowsAsync<OrchestratorException>(() => client.Jobs.CancelAsync(noop.Id, "too late"));
        var retryUnknown = await Assert.ThrowsAsync<OrchestratorException>(() => client.Jobs.RetryAsync(Guid.NewGuid()));

        var schedule = await client.Schedules.CreateAsync(new ScheduleDefinition
        {
            Cron = "0 0 1 1 *",
            Job = JobTemplate.Create(TestHandlers.RecordHandler.Name, new { from = "schedule" }),
            Description = $"client test over {transport}",
        });
        var paused = await client.Schedules.PauseAsync(schedule.Id);
        var resumed = await client.Schedules.ResumeAsync(schedule.Id);
        var run = await client.Schedules.TriggerAsync(schedule.Id);
        var triggeredJob = await client.Jobs.WaitForCompletionAsync(run.JobId!.Value, Wait);
        var scheduleListed = (await client.Schedules.ListAsync()).Any(s => s.Id == schedule.Id);
        await client.Schedules.DeleteAsync(schedule.Id);
        var deleteGone = await Assert.ThrowsAsync<OrchestratorException>(() => client.Schedules.DeleteAsync(schedule.Id));

        var workflow = await client.Workflows.SubmitAsync(new WorkflowDefinition
        {
            Name = $"client-{transport}",
            Steps =
            [
                new() { Name = "first", Job = JobTemplate.Create(TestHandlers.EchoHandler.Name, new EchoPayload(7)) },
                new() { Name = "second", DependsOn = ["first"], Job = JobTemplate.Create(TestHandlers.EchoHandler.Name, new { from = "{{steps.first.result}}" }) },
            ],
        });
        var finished = await client.Workflows.WaitForCompletionAsync(workflow.Id, Wait);
        var rerunSucceeded = await Assert.ThrowsAsync<OrchestratorException>(() => client.Workflows.RerunAsync(workflow.Id));

        return new Outcome(
            noop.Status, noop.Attempt, ClientJsonText(noop.Payload), echo.Status, ClientJsonText(echo.Result!.Value),
            deadLettered.Status, deadLettered.Attempt, deadLettered.Attempts[^1].DeadLettered, deadLettered.LastError?.Replace(gate, "{gate}"),
            retried!.Status, retried.Attempt, await client.Jobs.GetAsync(Guid.NewGuid()) is null, listed.Items.Any(j => j.Id == noop.Id),
            cancelFinished.Status, cancelFinished.ProblemType, retryUnknown.Status,
            schedule.Status, paused.Status, paused.NextFireAt is not null, resumed.Status, run.Kind,
            triggeredJob.Status, scheduleListed, await client.Schedules.GetAsync(schedule.Id) is null, deleteGone.Status,
            finished.Status, string.Join(", ", finished.Steps.Select(s => $"{s.Name}:{s.Status}:{s.Attempts}")), finished.Steps[1].Result,
            rerunSucceeded.Status);
    }

    [Theory]
    [InlineData(ClientHosts.Http)]
    [InlineData(ClientHosts.Orleans)]
    public async Task Echo_ResultReadsBackTyped(string transport)
    {
        var client = hosts[transport];
        var job = await client.Jobs.SubmitAsync(TestHandlers.EchoHandler.Name, new EchoPayload(5),
            new SubmitOptions { Queue = "client", Priority = 3, Tags = ["client"], CorrelationId = "client-corr-1", Timeout = TimeSpan.FromMinutes(2) });
        var done = await client.Jobs.WaitForCompletionAsync(job.Id, Wait);

        Assert.Equal(new EchoPayload(5), done.ResultAs<EchoPayload>());
        Assert.Equal(("client", 3, "client-corr-1", TimeSpan.FromMinutes(2)), (done.Queue, done.Priority, done.CorrelationId, done.Timeout));
        Assert.Equal(["client"], done.Tags);
        Assert.Equal(JobAttemptResult.Succeeded, Assert.Single(done.Attempts).Result);
    }

    /// <summary>Each bad request: the same status, problem type and field names over both transports.</summary>
    [Fact]
    public async Task BadRequests_Give400_WithTheSameFields_OnBothTransports()
    {
        var cases = new (string Name, Func<IOrchestratorClient, Task> Call, string[] Fields)[]
        {
            ("priority out of range", c => c.Jobs.SubmitAsync("noop", new { }, new SubmitOptions { Priority = 5000 }), ["priority"]),
            ("malformed type", c => c.Jobs.SubmitAsync("no such handler!", new { }), ["type"]),
            ("runAt and delay", c => c.Jobs.SubmitAsync("noop", 1, new SubmitOptions { RunAt = DateTimeOffset.UtcNow.AddHours(1), Delay = TimeSpan.FromHours(1) }), ["runAt"]),
            ("idempotency key with a space", c => c.Jobs.SubmitAsync("noop", 1, new SubmitOptions { IdempotencyKey = "has space" }), ["Idempotency-Key"]),
            ("list limit", c => c.Jobs.ListAsync(new JobFilter { Limit = 0 }), ["limit"]),
            ("foreign cursor", c => c.Jobs.ListAsync(new JobFilter { Cursor = "not-a-cursor" }), ["cursor"]),
            ("bad cron", c => c.Schedules.CreateAsync(new ScheduleDefinition { Cron = "every tuesday", Job = new JobTemplate { Type = "noop" } }), ["cron"]),
            ("schedule job handler", c => c.Schedules.CreateAsync(new ScheduleDefinition { Cron = "@hourly", Job = new JobTemplate { Type = "no such handler!" } }), ["job.type"]),
            ("schedule without job", c => c.Schedules.CreateAsync(new ScheduleDefinition { Cron = "@hourly" }), ["job"]),
            ("workflow cycle", c => c.Workflows.SubmitAsync(new WorkflowDefinition
            {
                Steps =
                [
                    new() { Name = "a", DependsOn = ["b"], Job = new JobTemplate { Type = "noop" } },
                    new() { Name = "b", DependsOn = ["a"], Job = new JobTemplate { Type = "noop" } },
                ],
            }), ["steps"]),
            ("workflow step type", c => c.Workflows.SubmitAsync(new WorkflowDefinition
            {
                Steps = [new() { Name = "a", Job = new JobTemplate { Type = "noop" } }, new() { Name = "b", Job = new JobTemplate { Type = "no such handler!" } }],
            }), ["steps[1].job.type"]),
        };
        foreach (var (name, call, fields) in cases)
        {
            var overHttp = await Assert.ThrowsAsync<OrchestratorException>(() => call(hosts[ClientHosts.Http]));
            var overOrleans = await Assert.ThrowsAsync<OrchestratorException>(() => call(hosts[ClientHosts.Orleans]));
            Assert.True(400 == overHttp.Status, $"{name} over HTTP: {overHttp.Status} {overHttp.Detail}");
            Assert.Equal((name, 400, OrchestratorProblemTypes.Validation), (name, overOrleans.Status, overOrleans.ProblemType));
            Assert.Equal((name, OrchestratorProblemTypes.Validation), (name, overHttp.ProblemType));
            Assert.Equal((name, Fields(fields)), (name, Fields(overHttp.Errors.Keys)));
            Assert.Equal((name, Fields(overHttp.Errors.Keys)), (name, Fields(overOrleans.Errors.Keys)));
        }
    }

    /// <summary>The idempotency fingerprint is computed the same way on both transports: a replay may switch transport.</summary>
    [Fact]
    public async Task IdempotentSubmit_ReplayedOverTheOtherTransport_ReturnsTheSameJob()
    {
        var key = $"client-{Guid.NewGuid():N}";
        var options = new SubmitOptions { IdempotencyKey = key, Tags = ["idempotent"], MaxAttempts = 2 };
        var first = await hosts[ClientHosts.Http].Jobs.SubmitAsync("noop", new EchoPayload(1), options);
        var replay = await hosts[ClientHosts.Orleans].Jobs.SubmitAsync("noop", new EchoPayload(1), options);
        var conflict = await Assert.ThrowsAsync<OrchestratorException>(() => hosts[ClientHosts.Orleans].Jobs.SubmitAsync("noop", new EchoPayload(2), options));
        var conflictOverHttp = await Assert.ThrowsAsync<OrchestratorException>(() => hosts[ClientHosts.Http].Jobs.SubmitAsync("noop", new EchoPayload(2), options));

        Assert.Equal(first.Id, replay.Id);
        Assert.Equal(key, replay.IdempotencyKey);
        Assert.Equal((409, OrchestratorProblemTypes.IdempotencyConflict), (conflict.Status, conflict.ProblemType));
        Assert.Equal((409, OrchestratorProblemTypes.IdempotencyConflict), (conflictOverHttp.Status, conflictOverHttp.ProblemType));
    }

    [Fact]
    public async Task ListCursor_FromOneTransport_ContinuesOnTheOther()
    {
        var queue = $"cursor-{Guid.NewGuid():N}"[..30];
        for (var i = 0; i < 3; i++) await hosts[ClientHosts.Http].Jobs.SubmitAsync("noop", i, new SubmitOptions { Queue = queue, Delay = TimeSpan.FromHours(1) });

        var firstPage = await hosts[ClientHosts.Http].Jobs.ListAsync(new JobFilter { Queue = queue, Limit = 2 });
        var nextOverOrleans = await hosts[ClientHosts.Orleans].Jobs.ListAsync(new JobFilter { Queue = queue, Limit = 2, Cursor = firstPage.NextCursor });
        var nextOverHttp = await hosts[ClientHosts.Http].Jobs.ListAsync(new JobFilter { Queue = queue, Limit = 2, Cursor = firstPage.NextCursor });
        var firstOverOrleans = await hosts[ClientHosts.Orleans].Jobs.ListAsync(new JobFilter { Queue = queue, Limit = 2 });

        Assert.Equal(2, firstPage.Items.Count);
        Assert.Equal(firstPage.NextCursor, firstOverOrleans.NextCursor);
        Assert.Equal(firstPage.Items.Select(j => j.Id), firstOverOrleans.Items.Select(j => j.Id));
        Assert.Equal(JobStatus.Scheduled, Assert.Single(nextOverOrleans.Items).Status);
        Assert.Equal(nextOverHttp.Items.Select(j => j.Id), nextOverOrleans.Items.Select(j => j.Id));
        Assert.Null(nextOverOrleans.NextCursor);
    }

    private static string Fields(IEnumerable<string> fields) => string.Join(", ", fields.Order());

    private static string ClientJsonText(System.Text.Json.JsonElement element) => element.GetRawText();

    private sealed record EchoPayload(int Value);
}
