using Microsoft.Extensions.Options;
using Orchestrator.Client.Hosting;
using Orchestrator.Client.Schedules;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Client.Cluster;

/// <summary>
/// <see cref="ISchedules"/> by grain calls, for the configured tenant. Before creating, the checks of the gateway's
/// schedule reader that the schedule grain does not make itself: the job template's limits and handler rules, the
/// saved workflow's existence, the dates and the description. The grain checks the cron expression and time zone.
/// </summary>
internal sealed class GrainSchedules(IClusterClient cluster, IOptions<OrchestratorClientOptions> options, TimeProvider time) : ISchedules
{
    /// <summary>The longest description the gateway accepts.</summary>
    public const int MaxDescriptionLength = 1000;

    private string TenantId => options.Value.TenantId;

    public async Task<ScheduleInfo> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        var spec = await ReadAsync(definition);
        return await GrainProblems.CallAsync(async () => GrainViews.Schedule(await Schedule(Guid.CreateVersion7()).Create(spec)));
    }

    public Task<ScheduleInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => await Schedule(id).Get() is { } view ? GrainViews.Schedule(view) : null);

    public Task<IReadOnlyList<ScheduleInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync<IReadOnlyList<ScheduleInfo>>(async () =>
        {
            var ids = await cluster.GetGrain<ITenantSchedulesGrain>(TenantId).List();
            var views = await Task.WhenAll(ids.Select(id => Schedule(id).Get()));
            return views.OfType<ScheduleView>().Select(GrainViews.Schedule).ToList();
        });

    public Task<ScheduleInfo> PauseAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => GrainViews.Schedule(await Schedule(id).Pause()));

    public Task<ScheduleInfo> ResumeAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => GrainViews.Schedule(await Schedule(id).Resume()));

    public Task<ScheduleRunInfo> TriggerAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => GrainViews.Run(await Schedule(id).Trigger()));

    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(() => Schedule(id).Delete());

    private async Task<ScheduleSpec> ReadAsync(ScheduleDefinition d)
    {
        var errors = new Dictionary<string, string[]>();
        var cron = d.Cron?.Trim();
        if (string.IsNullOrEmpty(cron)) errors["cron"] = ["Required: a cron expression (5 or 6 fields), a macro such as @hourly, or @every <duration>."];
        var description = d.Description?.Trim();
        if (description?.Length > MaxDescriptionLength) errors["description"] = [$"At most {MaxDescriptionLength} characters."];
        if (d.StartAt is { } s && d.EndAt is { } e && e <= s) errors["endAt"] = [$"Must be after startAt ({s:O})."];
        if (d.EndAt is { } end && end <= time.GetUtcNow()) errors["endAt"] = ["Must be in the future."];
        JobSpec? job = null;
        if (d.Job is not null && d.Workflow is not null) errors["workflow"] = ["Give either job or workflow, not both."];
        else if (d.Job is { } template)
        {
            job = JobSpecs.From(template, Guid.NewGuid().ToString("N"));
            JobSpecs.Validate(job, "job.", errors);
        }
        else if (d.Workflow is null)
        {
            errors["job"] = ["Required: the job each fire creates ({\"type\": ..., \"payload\": ...}), or a workflow definition's name in \"workflow\"."];
        }
        if (errors.Count > 0) throw GrainProblems.Validation(errors);

        if (job is not null)
        {
            var handlerErrors = await GrainProblems.CallAsync(() => cluster.GetGrain<IJobCatalogGrain>(0).Validate([job]));
            if (handlerErrors.Count > 0) throw GrainProblems.Validation(handlerErrors[0].ToDictionary(e => $"job.{e.Key}", e => e.Value));
        }
        if (d.Workflow is { } name && await GrainProblems.CallAsync(() => cluster.GetGrain<IWorkflowDefinitionsGrain>(TenantId).Get(name)) is null)
        {
            throw GrainProblems.Validation("workflow", $"No workflow definition '{name}'; save it first with PUT /v1/workflow-definitions/{name}.");
        }
        return new ScheduleSpec
        {
            Cron = cron!,
            TimeZone = string.IsNullOrWhiteSpace(d.TimeZone) ? null : d.TimeZone.Trim(),
            Job = job,
            Workflow = d.Workflow,
            StartAt = d.StartAt,
            EndAt = d.EndAt,
            Description = description,
            Misfire = d.Misfire is { } misfire ? EnumMap.To<MisfirePolicy>(misfire) : MisfirePolicy.FireOnce,
            Overlap = d.Overlap is { } overlap ? EnumMap.To<OverlapPolicy>(overlap) : OverlapPolicy.Allow,
        };
    }

    private IScheduleGrain Schedule(Guid id) => cluster.GetGrain<IScheduleGrain>(JobIds.GrainKey(TenantId, id));
}
