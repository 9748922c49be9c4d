using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Client.Api.Apis;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Workflows;

/// <summary>Workflows through the HTTP API on the embedded gateway: real jobs, real handlers, real time.</summary>
public sealed class WorkflowsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<WorkflowView> SubmitAsync(string json)
    {
        var response = await _http.PostAsync("/v1/workflows", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<WorkflowView>(ApiFactory.Json))!;
    }

    private async Task<WorkflowView> GetAsync(Guid id) => (await _http.GetFromJsonAsync<WorkflowView>($"/v1/workflows/{id}", ApiFactory.Json))!;

    private Task<WorkflowView> Until(Guid id, Func<WorkflowView, bool> condition, string step) =>
        Eventually.Until(() => GetAsync(id), condition, $"workflow {id}: {step}",
            describe: w => $"{w.Status}: " + string.Join(", ", w.Steps.Select(s => $"{s.Name}={s.Status}{(s.Reason is null ? "" : $" ({s.Reason})")}")));

    private static WorkflowStepView Step(WorkflowView w, string name) => w.Steps.Single(s => s.Name == name);

    [Fact]
    public async Task Diamond_RunsBAndCInParallel_AndDOnceAfterBoth()
    {
        var gate = $"diamond-{Guid.NewGuid():N}";
        var workflow = await SubmitAsync($$$$"""
            {"steps":[
              {"name":"a","job":{"type":"test-echo","payload":{"n":1}}},
              {"name":"b","dependsOn":["a"],"job":{"type":"test-block","payload":{"gate":"{{{{gate}}}}"}}},
              {"name":"c","dependsOn":["a"],"job":{"type":"test-block","payload":{"gate":"{{{{gate}}}}"}}},
              {"name":"d","dependsOn":["b","c"],"job":{"type":"test-echo","payload":{"from":"{{steps.a.result.n}}"}}}]}
            """);
        var parallel = await Until(workflow.Id, w => Step(w, "b").Status == StepStatus.Running && Step(w, "c").Status == StepStatus.Running, "b and c run at once");
        Assert.Equal(StepStatus.Pending, Step(parallel, "d").Status);

        TestHandlers.Release(gate);
        var done = await Until(workflow.Id, w => w.Status == WorkflowStatus.Succeeded, "the diamond succeeds");
        var d = Step(done, "d");
        Assert.Equal(1, d.Runs);
        Assert.True(d.StartedAt >= Step(done, "b").EndedAt && d.StartedAt >= Step(done, "c").EndedAt, "d starts after both b and c ended");
        Assert.Equal(1, JsonDocument.Parse(d.Result!).RootElement.GetProperty("from").GetInt32()); // a's result passed in
        var job = await (await _http.GetAsync($"/v1/jobs/{d.JobId}")).ReadJob();
        Assert.Contains($"workflow:{workflow.Id}", job.Tags);
    }

    [Fact]
    public async Task Condition_TakesOneBranch_AndSkipsTheOther_WhichPropagates()
    {
        var workflow = await SubmitAsync("""
            {"steps":[
              {"name":"check","job":{"type":"test-echo","payload":{"status":"ok"}}},
              {"name":"ship","dependsOn":["check"],"condition":"steps.check.result.status == \"ok\"","job":{"type":"noop"}},
              {"name":"alert","dependsOn":["check"],"condition":"steps.check.result.status != \"ok\"","job":{"type":"noop"}},
              {"name":"after-alert","dependsOn":["alert"],"job":{"type":"noop"}}]}
            """);
        var done = await Until(workflow.Id, w => w.Status != WorkflowStatus.Running, "the workflow ends");
        Assert.Equal(WorkflowStatus.Succeeded, done.Status);
        Assert.Equal(StepStatus.Succeeded, Step(done, "ship").Status);
        Assert.Equal(StepStatus.Skipped, Step(done, "alert").Status);
        Assert.Contains("condition is false", Step(done, "alert").Reason);
        Assert.Equal(StepStatus.Skipped, Step(done, "after-alert").Status);
        Assert.Null(Step(done, "alert").JobId);
    }

    [Fact]
    public async Task AnyFailedCleanup_RunsAfterAFailure_AndTheWorkflowFails()
    {
        var workflow = await SubmitAsync("""
            {"steps":[
              {"name":"work","job":{"type":"test-fail","payload":{"retryable":false},"maxAttempts":1}},
              {"name":"next","dependsOn":["work"],"job":{"type":"noop"}},
              {"name":"cleanup","dependsOn":["work"],"trigger":"any-failed","job":{"type":"noop"}}]}
            """);
        var done = await Until(workflow.Id, w => w.Status != WorkflowStatus.Running, "the workflow ends");
        Assert.Equal(WorkflowStatus.Failed, done.Status);
        Assert.Equal(StepStatus.Failed, Step(done, "work").Status);
        Assert.Equal(1, Step(done, "work").Attempts);
        Assert.Equal(StepStatus.Skipped, Step(done, "next").Status);
        Assert.Equal(StepStatus.Succeeded, Step(done, "cleanup").Status);
    }

    [Fact]
    public async Task FailFast_CancelsTheRunningSibling()
    {
        var gate = $"failfast-{Guid.NewGuid():N}";
        var workflow = await SubmitAsync($$$$"""
            {"failurePolicy":"fail-fast","steps":[
              {"name":"slow","job":{"type":"test-block","payload":{"gate":"{{{{gate}}}}"}}},
              {"name":"broken","job":{"type":"test-fail","payload":{"retryable":false},"maxAttempts":1}},
              {"name":"after","dependsOn":["slow","broken"],"job":{"type":"noop"}}]}
            """);
        var done = await Until(workflow.Id, w => w.Status != WorkflowStatus.Running, "the workflow fails fast");
        Assert.Equal(WorkflowStatus.Failed, done.Status);
        Assert.Equal(StepStatus.Cancelled, Step(done, "slow").Status);
        Assert.Equal(JobStatus.Cancelled, (await (await _http.GetAsync($"/v1/jobs/{Step(done, "slow").JobId}")).ReadJob()).Status);
        Assert.Equal(StepStatus.Skipped, Step(done, "after").Status);
        TestHandlers.Release(gate);
    }

    [Fact]
    public async Task Rerun_RunsOnlyTheFailedStepAndWhatFollows_KeepingSucceededResults()
    {
        var gate = $"rerun-{Guid.NewGuid():N}";
        var workflow = await SubmitAsync($$$$"""
            {"steps":[
              {"name":"extract","job":{"type":"test-echo","payload":{"rows":3}}},
              {"name":"side","job":{"type":"test-echo","payload":{"side":true}}},
              {"name":"load","dependsOn":["extract"],"job":{"type":"test-echo","payload":{"rows":"{{steps.extract.result.rows}}","failUntilReleased":"{{{{gate}}}}"},"maxAttempts":1}},
              {"name":"report","dependsOn":["load"],"job":{"type":"noop"}}]}
            """);
        var failed = await Until(workflow.Id, w => w.Status != WorkflowStatus.Running, "the first run ends");
        Assert.Equal(WorkflowStatus.Failed, failed.Status);
        var extractJob = Step(failed, "extract").JobId;

        TestHandlers.Release(gate);
        var rerun = await _http.PostAsync($"/v1/workflows/{workflow.Id}/rerun", null);
        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        var done = await Until(workflow.Id, w => w.Status != WorkflowStatus.Running, "the re-run ends");
        Assert.Equal(WorkflowStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Run);
        Assert.Equal(extractJob, Step(done, "extract").JobId);
        Assert.Equal(1, Step(done, "extract").Runs);
        Assert.Equal(1, Step(done, "side").Runs);
        Assert.Equal(2, Step(done, "load").Runs);
        Assert.NotEqual(Step(failed, "load").JobId, Step(done, "load").JobId);
        Assert.Equal(3, JsonDocument.Parse(Step(done, "load").Result!).RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(StepStatus.Succeeded, Step(done, "report").Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/v1/workflows/{workflow.Id}/rerun", null)).StatusCode);
    }

    [Theory]
    [InlineData("""{"steps":[]}""", "steps", "at least one step")]
    [InlineData("""{"steps":[{"name":"a","dependsOn":["c"],"job":{"type":"noop"}},{"name":"b","dependsOn":["a"],"job":{"type":"noop"}},{"name":"c","dependsOn":["b"],"job":{"type":"noop"}}]}""", "steps", "cycle: a → b → c → a")]
    [InlineData("""{"steps":[{"name":"a","dependsOn":["ghost"],"job":{"type":"noop"}}]}""", "steps[0].dependsOn", "Unknown step 'ghost'")]
    [InlineData("""{"steps":[{"name":"a","job":{"type":"noop"}},{"name":"a","job":{"type":"noop"}}]}""", "steps[1].name", "Duplicate")]
    [InlineData("""{"steps":[{"name":"a","job":{"type":"noop"}},{"name":"b","condition":"steps.a.result.x == 1","job":{"type":"noop"}}]}""", "steps[1].condition", "not a parent")]
    [InlineData("""{"steps":[{"name":"a","job":{"type":"noop"}},{"name":"b","job":{"type":"noop","payload":{"v":"{{steps.a.result}}"}}}]}""", "steps[1].job.payload", "not: a")]
    [InlineData("""{"steps":[{"name":"a","trigger":"sometimes","job":{"type":"noop"}}]}""", "steps[0].trigger", "One of")]
    [InlineData("""{"steps":[{"name":"a","job":{"type":"no such handler!"}}]}""", "steps[0].job.type", "Must be 1-100 characters")]
    public async Task BadWorkflow_Is400_NamingTheProblem(string json, string field, string message)
    {
        var response = await _http.PostAsync("/v1/workflows", JsonBody(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadElement()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), errors.GetRawText());
        Assert.Contains(message, messages.GetRawText());
    }

    [Fact]
    public async Task Cancel_EndsTheWorkflow_AndListsByStatus_AndOtherTenantsSeeNothing()
    {
        var gate = $"cancel-{Guid.NewGuid():N}";
        var workflow = await SubmitAsync($$$$"""{"steps":[{"name":"wait","job":{"type":"test-block","payload":{"gate":"{{{{gate}}}}"}}},{"name":"then","dependsOn":["wait"],"job":{"type":"noop"}}]}""");
        await Until(workflow.Id, w => Step(w, "wait").Status == StepStatus.Running, "the first step runs");
        var cancelled = await (await _http.PostAsync($"/v1/workflows/{workflow.Id}/cancel", null)).Content.ReadFromJsonAsync<WorkflowView>(ApiFactory.Json);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled!.Status);
        Assert.All(cancelled.Steps, s => Assert.Equal(StepStatus.Cancelled, s.Status));
        var listed = await _http.GetFromJsonAsync<ItemsResponse<WorkflowView>>("/v1/workflows?status=cancelled", ApiFactory.Json);
        Assert.Contains(listed!.Items, w => w.Id == workflow.Id);

        var anonymous = factory.CreateAnonymousClient();
        var other = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, (await Tenancy.RegisterAsync(anonymous)).OwnerEmail)).Access);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/workflows/{workflow.Id}")).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<ItemsResponse<WorkflowView>>("/v1/workflows", ApiFactory.Json))!.Items);
        TestHandlers.Release(gate);
    }

    [Fact]
    public async Task Timeout_CancelsWhatRuns_AndTheWorkflowEndsTimedOut()
    {
        var gate = $"timeout-{Guid.NewGuid():N}";
        var workflow = await SubmitAsync($$$$"""{"timeout":1,"steps":[{"name":"stuck","job":{"type":"test-block","payload":{"gate":"{{{{gate}}}}"}}},{"name":"never","dependsOn":["stuck"],"job":{"type":"noop"}}]}""");
        var done = await Until(workflow.Id, w => w.Status != WorkflowStatus.Running, "the workflow times out");
        Assert.Equal(WorkflowStatus.TimedOut, done.Status);
        Assert.All(done.Steps, s => Assert.Equal(StepStatus.Cancelled, s.Status));
        await Eventually.Until(async () => await (await _http.GetAsync($"/v1/jobs/{Step(done, "stuck").JobId}")).ReadJob(), j => j.Status == JobStatus.Cancelled,
            "the stuck step's job is cancelled");
        TestHandlers.Release(gate);
    }

    [Fact]
    public async Task ThousandStepWorkflow_WideAndDeep_Completes()
    {
        // 100 wide × 10 deep, each step waiting for two of the layer before; its run time is measured in Benchmarks/ (workflow).
        var steps = Enumerable.Range(0, 10).SelectMany(layer => Enumerable.Range(0, 100).Select(i => new
        {
            name = $"l{layer}-{i}",
            dependsOn = layer == 0 ? Array.Empty<string>() : [$"l{layer - 1}-{i}", $"l{layer - 1}-{(i + 1) % 100}"],
            job = new { type = "noop" },
        })).ToList();
        var response = await _http.PostAsJsonAsync("/v1/workflows", new { steps });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<WorkflowView>(ApiFactory.Json))!.Id;
        var done = await Eventually.Until(() => GetAsync(id), w => w.Status != WorkflowStatus.Running, $"1,000-step workflow {id} ends",
            timeout: TimeSpan.FromSeconds(120), describe: w => $"{w.Steps.Count(s => s.Status == StepStatus.Succeeded)} steps succeeded");
        Assert.Equal(WorkflowStatus.Succeeded, done.Status);
        Assert.Equal(1000, done.Steps.Count(s => s.Status == StepStatus.Succeeded && s.Runs == 1));
    }
}
