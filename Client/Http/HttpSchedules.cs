using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Client.Jobs;
using Orchestrator.Client.Schedules;

namespace Orchestrator.Client.Http;

/// <summary><see cref="ISchedules"/> over <c>/v1/schedules</c>.</summary>
internal sealed class HttpSchedules(OrchestratorHttp http) : ISchedules
{
    public Task<ScheduleInfo> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default) =>
        http.SendAsync<ScheduleInfo>(HttpMethod.Post, "v1/schedules", Body(definition), cancellationToken);

    public Task<ScheduleInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.GetOrNullAsync<ScheduleInfo>($"v1/schedules/{id}", cancellationToken);

    public async Task<IReadOnlyList<ScheduleInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        (await http.SendAsync<ItemsResponse<ScheduleInfo>>(HttpMethod.Get, "v1/schedules", null, cancellationToken)).Items;

    public Task<ScheduleInfo> PauseAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.SendAsync<ScheduleInfo>(HttpMethod.Post, $"v1/schedules/{id}/pause", null, cancellationToken);

    public Task<ScheduleInfo> ResumeAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.SendAsync<ScheduleInfo>(HttpMethod.Post, $"v1/schedules/{id}/resume", null, cancellationToken);

    public Task<ScheduleRunInfo> TriggerAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.SendAsync<ScheduleRunInfo>(HttpMethod.Post, $"v1/schedules/{id}/trigger", null, cancellationToken);

    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.SendAsync(HttpMethod.Delete, $"v1/schedules/{id}", cancellationToken);

    private static JsonObject Body(ScheduleDefinition d)
    {
        var body = new JsonObject { ["cron"] = d.Cron };
        if (d.TimeZone is { } zone) body["timeZone"] = zone;
        if (d.Job is { } job) body["job"] = JobBody.Template(job);
        if (d.Workflow is { } workflow) body["workflow"] = workflow;
        if (d.StartAt is { } start) body["startAt"] = start.ToString("O", CultureInfo.InvariantCulture);
        if (d.EndAt is { } end) body["endAt"] = end.ToString("O", CultureInfo.InvariantCulture);
        if (d.Description is { } description) body["description"] = description;
        if (d.Misfire is { } misfire) body["misfire"] = WireEnumConverter<ScheduleMisfire>.Name(misfire);
        if (d.Overlap is { } overlap) body["overlap"] = WireEnumConverter<ScheduleOverlap>.Name(overlap);
        return body;
    }
}
