using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Client.Api.Apis;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Client.Api.Schedules;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Schedules;

/// <summary>Recurring schedules through the HTTP API on the embedded gateway, with real time and real jobs.</summary>
public sealed class SchedulesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private async Task<ScheduleResponse> CreateAsync(string json)
    {
        var response = await _http.PostAsync("/v1/schedules", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ScheduleResponse>(ApiFactory.Json))!;
    }

    private async Task<List<ScheduleRunResponse>> RunsAsync(Guid id) =>
        [.. (await _http.GetFromJsonAsync<ItemsResponse<ScheduleRunResponse>>($"/v1/schedules/{id}/runs", ApiFactory.Json))!.Items];

    private Task<List<ScheduleRunResponse>> RunsUntil(Guid id, Func<List<ScheduleRunResponse>, bool> condition, string step) =>
        Eventually.Until(() => RunsAsync(id), condition, $"schedule {id}: {step}",
            describe: runs => string.Join(", ", runs.Select(r => $"{r.FireTime:HH:mm:ss.fff} {r.Kind} {r.JobStatus}{r.Skipped}")));

    [Fact]
    public async Task EveryTwoSeconds_FiresJobs_PauseStops_ResumeContinues_TriggerAddsOne()
    {
        var schedule = await CreateAsync("""{"cron":"@every 2s","job":{"type":"noop","payload":{"from":"schedule"}},"description":"tour"}""");
        Assert.Equal(ScheduleStatus.Active, schedule.Status);
        var next = await _http.GetFromJsonAsync<ItemsResponse<DateTimeOffset>>($"/v1/schedules/{schedule.Id}/next?count=3", ApiFactory.Json);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], next!.Items.Zip(next.Items.Skip(1), (a, b) => b - a));

        var runs = await RunsUntil(schedule.Id, r => r.Count(x => x.JobStatus == JobStatus.Succeeded) >= 3, "three fires ran their jobs");
        var times = runs.Select(r => r.FireTime).Order().ToList();
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.Equal(TimeSpan.FromSeconds(2), gap));
        var job = await (await _http.GetAsync($"/v1/jobs/{runs[0].JobId}")).ReadJob();
        Assert.Contains($"schedule:{schedule.Id}", job.Tags);

        var paused = await (await _http.PostAsync($"/v1/schedules/{schedule.Id}/pause", null)).Content.ReadFromJsonAsync<ScheduleResponse>(ApiFactory.Json);
        Assert.Equal(ScheduleStatus.Paused, paused!.Status);
        Assert.Empty((await _http.GetFromJsonAsync<ItemsResponse<DateTimeOffset>>($"/v1/schedules/{schedule.Id}/next", ApiFactory.Json))!.Items);
        var firedBeforePause = (await RunsAsync(schedule.Id)).Count;
        // A witness schedule firing three times proves time passed (at least 2 fire periods) while this one was paused.
        var witness = await CreateAsync("""{"cron":"@every 1s","job":{"type":"noop"}}""");
        await RunsUntil(witness.Id, r => r.Count >= 3, "the witness fires three times");
        Assert.Equal(firedBeforePause, (await RunsAsync(schedule.Id)).Count);

        var manual = await (await _http.PostAsync($"/v1/schedules/{schedule.Id}/trigger", null)).Content.ReadFromJsonAsync<ScheduleRun>(ApiFactory.Json);
        Assert.Equal(ScheduleRunKind.Manual, manual!.Kind);
        Assert.NotNull(manual.JobId);
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/v1/schedules/{schedule.Id}/resume", null)).StatusCode);
        await RunsUntil(schedule.Id, r => r.Count(x => x.Kind == ScheduleRunKind.Scheduled) > firedBeforePause, "fires resume");
        await _http.PostAsync($"/v1/schedules/{witness.Id}/pause", null);
        await _http.PostAsync($"/v1/schedules/{schedule.Id}/pause", null);
    }

    [Fact]
    public async Task ConcurrentTriggersAndTicks_CreateOneJobPerFire_NoDuplicate()
    {
        var schedule = await CreateAsync("""{"cron":"@every 1s","job":{"type":"noop"}}""");
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _http.PostAsync($"/v1/schedules/{schedule.Id}/trigger", null)));
        var runs = await RunsUntil(schedule.Id, r => r.Count(x => x.Kind == ScheduleRunKind.Scheduled) >= 3, "three scheduled fires beside ten triggers");
        await _http.PostAsync($"/v1/schedules/{schedule.Id}/pause", null);
        runs = await RunsAsync(schedule.Id);

        Assert.Equal(10, runs.Count(r => r.Kind == ScheduleRunKind.Manual));
        Assert.Equal(runs.Count, runs.Select(r => r.JobId).Distinct().Count());
        var scheduled = runs.Where(r => r.Kind == ScheduleRunKind.Scheduled).Select(r => r.FireTime).ToList();
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
        var jobs = await _http.GetFromJsonAsync<JobListResponse>("/v1/jobs?limit=500", ApiFactory.Json);
        Assert.Equal(runs.Count, jobs!.Items.Count(j => j.Tags.Contains($"schedule:{schedule.Id}")));
    }

    [Theory]
    [InlineData("skip", 0)]
    [InlineData("queue-one", 1)]
    public async Task Overlap_WhileThePreviousRunGoesOn_SkipsOrQueuesOne(string policy, int queuedFires)
    {
        var gate = $"overlap-{Guid.NewGuid():N}";
        var schedule = await CreateAsync($$$$"""{"cron":"@every 1s","overlap":"{{{{policy}}}}","job":{"type":"test-block","payload":{"gate":"{{{{gate}}}}"}}}""");
        var runs = await RunsUntil(schedule.Id, r => r.Count(x => x.Skipped is not null) >= 2, "later fires meet the blocked first run");
        Assert.Single(runs, r => r.JobId is not null);
        Assert.Equal(queuedFires, runs.Count(r => r.Skipped?.StartsWith("queued", StringComparison.Ordinal) == true));

        TestHandlers.Release(gate);
        runs = await RunsUntil(schedule.Id, r => r.Count(x => x.JobId is not null) >= 2, "a fire creates a job once the first run ended");
        await _http.PostAsync($"/v1/schedules/{schedule.Id}/pause", null);
        Assert.Equal(JobStatus.Succeeded, (await RunsAsync(schedule.Id)).Last(r => r.JobId is not null).JobStatus);
    }

    [Theory]
    [InlineData("""{"cron":"* * *","job":{"type":"noop"}}""", "cron")]
    [InlineData("""{"cron":"0 9 * * *","timeZone":"Mars/Olympus_Mons","job":{"type":"noop"}}""", "timeZone")]
    [InlineData("""{"cron":"0 9 * * *","startAt":"2031-01-02T00:00:00Z","endAt":"2031-01-01T00:00:00Z","job":{"type":"noop"}}""", "endAt")]
    [InlineData("""{"cron":"0 9 * * *","job":{"type":"no such handler!"}}""", "job.type")]
    [InlineData("""{"cron":"0 9 * * *","job":{"type":"noop","delay":5}}""", "job.delay")]
    [InlineData("""{"cron":"0 9 * * *"}""", "job")]
    [InlineData("""{"cron":"0 9 * * *","job":{"type":"noop"},"misfire":"sometimes"}""", "misfire")]
    [InlineData("""{"cron":"0 9 * * *","job":{"type":"noop"},"every":"day"}""", "every")]
    public async Task InvalidDefinition_Is400_NamingTheField(string json, string field)
    {
        var response = await _http.PostAsync("/v1/schedules", JsonBody(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadElement()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.GetRawText());
    }

    [Fact]
    public async Task Update_Delete_AndAnotherTenantSeesNothing()
    {
        var schedule = await CreateAsync("""{"cron":"0 9 * * *","timeZone":"Europe/Berlin","job":{"type":"noop"}}""");
        var updated = await (await _http.PatchAsync($"/v1/schedules/{schedule.Id}", JsonBody("""{"cron":"0 18 * * *","misfire":"skip"}"""))).Content.ReadFromJsonAsync<ScheduleResponse>(ApiFactory.Json);
        Assert.Equal("0 18 * * *", updated!.Cron);
        Assert.Equal("skip", updated.Misfire);
        Assert.Equal("Europe/Berlin", updated.TimeZone);
        Assert.Equal(18, TimeZoneInfo.ConvertTime(updated.NextFireAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Hour);

        var anonymous = factory.CreateAnonymousClient();
        var other = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, (await Tenancy.RegisterAsync(anonymous)).OwnerEmail)).Access);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/schedules/{schedule.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/v1/schedules/{schedule.Id}/trigger", null)).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<ItemsResponse<ScheduleResponse>>("/v1/schedules", ApiFactory.Json))!.Items);

        Assert.Contains((await _http.GetFromJsonAsync<ItemsResponse<ScheduleResponse>>("/v1/schedules", ApiFactory.Json))!.Items, s => s.Id == schedule.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/v1/schedules/{schedule.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/v1/schedules/{schedule.Id}")).StatusCode);
    }
}
