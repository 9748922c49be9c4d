using System.Net;
using System.Net.Http.Json;
using Orchestrator.Client.Api.Apis;
using Orchestrator.Client.Api.Schedules;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Workflows;

/// <summary>Saved workflow definitions, started by name and fired by a schedule.</summary>
public sealed class WorkflowDefinitionsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private const string TwoSteps = """{"steps":[{"name":"a","job":{"type":"noop"}},{"name":"b","dependsOn":["a"],"job":{"type":"noop"}}]}""";

    [Fact]
    public async Task Definition_Saved_Listed_StartedByName_AndReplaced_AndDeleted()
    {
        var name = $"nightly-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await _http.PutAsync($"/v1/workflow-definitions/{name}", JsonBody(TwoSteps))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync($"/v1/workflow-definitions/{name}", JsonBody(TwoSteps))).StatusCode);
        Assert.Contains(name, (await _http.GetFromJsonAsync<ItemsResponse<string>>("/v1/workflow-definitions", ApiFactory.Json))!.Items);

        var started = await _http.PostAsync($"/v1/workflow-definitions/{name}/start", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var run = (await started.Content.ReadFromJsonAsync<WorkflowView>(ApiFactory.Json))!;
        Assert.Equal(name, run.Name);
        await Eventually.Until(async () => (await _http.GetFromJsonAsync<WorkflowView>($"/v1/workflows/{run.Id}", ApiFactory.Json))!,
            w => w.Status == WorkflowStatus.Succeeded, $"workflow {run.Id} from definition {name} succeeds", describe: w => w.Status.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PutAsync($"/v1/workflow-definitions/{name}", JsonBody("""{"steps":[]}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PutAsync("/v1/workflow-definitions/bad%20name", JsonBody(TwoSteps))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/v1/workflow-definitions/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/v1/workflow-definitions/{name}/start", null)).StatusCode);
    }

    [Fact]
    public async Task Schedule_FiresAWorkflowDefinition_OncePerFire()
    {
        var name = $"every-second-{Guid.NewGuid():N}";
        await _http.PutAsync($"/v1/workflow-definitions/{name}", JsonBody(TwoSteps));
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("/v1/schedules", JsonBody("""{"cron":"@every 1s","workflow":"no-such-definition"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync("/v1/schedules", JsonBody($$$"""{"cron":"@every 1s","workflow":"{{{name}}}","job":{"type":"noop"}}"""))).StatusCode);

        var created = await _http.PostAsync("/v1/schedules", JsonBody($$"""{"cron":"@every 1s","workflow":"{{name}}"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = (await created.Content.ReadFromJsonAsync<ScheduleResponse>(ApiFactory.Json))!;
        Assert.Equal(name, schedule.Workflow);
        Assert.Null(schedule.Job);

        var runs = await Eventually.Until(
            async () => (await _http.GetFromJsonAsync<ItemsResponse<ScheduleRunResponse>>($"/v1/schedules/{schedule.Id}/runs", ApiFactory.Json))!.Items,
            r => r.Count(x => x.WorkflowStatus == WorkflowStatus.Succeeded) >= 2, $"schedule {schedule.Id} fires two workflows that succeed",
            describe: r => string.Join(", ", r.Select(x => $"{x.WorkflowId}={x.WorkflowStatus}{x.Skipped}")));
        await _http.PostAsync($"/v1/schedules/{schedule.Id}/pause", null);
        Assert.All(runs.Where(r => r.WorkflowId is not null), r => Assert.Null(r.JobId));
        Assert.Equal(runs.Count(r => r.WorkflowId is not null), runs.Where(r => r.WorkflowId is not null).Select(r => r.WorkflowId).Distinct().Count());
    }
}
