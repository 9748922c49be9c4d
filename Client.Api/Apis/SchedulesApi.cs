using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Client.Api.Http;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Client.Api.Schedules;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Grains.Jobs;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/schedules</c>: recurring schedules of the caller's tenant. Each fire creates an ordinary job (listed under
/// <c>/v1/jobs</c>, tagged <c>schedule:{id}</c>) whose id is derived from the schedule and the fire time.
/// </summary>
public static class SchedulesApi
{
    public const int MaxNextCount = 100;

    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/v1/schedules").WithTags("Schedules");
        schedules.MapPost("/", Create).WithName("CreateSchedule").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Create a recurring schedule: cron (optionally with seconds), @every <duration> or a macro, in an IANA time zone")
            .Accepts<CreateScheduleRequest>("application/json");
        schedules.MapGet("/", List).WithName("ListSchedules").RequireAuthorization(Policies.JobsRead).WithSummary("The tenant's schedules, oldest first");
        schedules.MapGet("/{id}", Get).WithName("GetSchedule").RequireAuthorization(Policies.JobsRead).WithSummary("A schedule with its next fire");
        schedules.MapPatch("/{id}", Update).WithName("UpdateSchedule").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Change fields of a schedule; the next fire is computed again from now").Accepts<CreateScheduleRequest>("application/json");
        schedules.MapDelete("/{id}", Delete).WithName("DeleteSchedule").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Delete a schedule; jobs it created stay");
        schedules.MapPost("/{id}/pause", Pause).WithName("PauseSchedule").RequireAuthorization(Policies.JobsWrite).WithSummary("Stop firing");
        schedules.MapPost("/{id}/resume", Resume).WithName("ResumeSchedule").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Fire again from the next time after now (times passed while paused are not fired)");
        schedules.MapPost("/{id}/trigger", Trigger).WithName("TriggerSchedule").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Fire once now, as an extra run");
        schedules.MapGet("/{id}/next", Next).WithName("NextScheduleFires").RequireAuthorization(Policies.JobsRead)
            .WithSummary("The next fire times (count=1..100, default 10)");
        schedules.MapGet("/{id}/runs", Runs).WithName("ScheduleRuns").RequireAuthorization(Policies.JobsRead)
            .WithSummary("The latest fires, newest first, with their job ids and the jobs' current status");
        return app;
    }

    public static async Task<IResult> Create(HttpContext http, IClusterClient cluster, IOptions<JobOptions> options, TimeProvider time)
    {
        var (spec, problem) = await ReadAsync(http, null, cluster, options, time);
        if (problem is not null) return problem;
        var id = Guid.CreateVersion7();
        var view = await Grain(cluster, http, id).Create(spec!);
        return TypedResults.Created($"/v1/schedules/{id}", ScheduleResponse.From(view));
    }

    public static async Task<Ok<ItemsResponse<ScheduleResponse>>> List(HttpContext http, IClusterClient cluster)
    {
        var tenantId = http.User.TenantId();
        var ids = await cluster.GetGrain<ITenantSchedulesGrain>(tenantId).List();
        var views = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IScheduleGrain>(JobIds.GrainKey(tenantId, id)).Get()));
        return TypedResults.Ok(new ItemsResponse<ScheduleResponse>(views.OfType<ScheduleView>().Select(ScheduleResponse.From).ToList()));
    }

    public static async Task<IResult> Get(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var scheduleId)) return InvalidId();
        var view = await Grain(cluster, http, scheduleId).Get();
        return view is null ? P.NotFound($"No schedule {scheduleId}.") : TypedResults.Ok(ScheduleResponse.From(view));
    }

    public static async Task<IResult> Update(string id, HttpContext http, IClusterClient cluster, IOptions<JobOptions> options, TimeProvider time)
    {
        if (!Guid.TryParse(id, out var scheduleId)) return InvalidId();
        var grain = Grain(cluster, http, scheduleId);
        var current = await grain.Get();
        if (current is null) return P.NotFound($"No schedule {scheduleId}.");
        var (spec, problem) = await ReadAsync(http, current.Spec, cluster, options, time);
        if (problem is not null) return problem;
        return TypedResults.Ok(ScheduleResponse.From(await grain.Update(spec!)));
    }

    public static async Task<IResult> Delete(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var scheduleId)) return InvalidId();
        await Grain(cluster, http, scheduleId).Delete();
        return TypedResults.NoContent();
    }

    public static async Task<IResult> Pause(string id, HttpContext http, IClusterClient cluster) =>
        Guid.TryParse(id, out var scheduleId) ? TypedResults.Ok(ScheduleResponse.From(await Grain(cluster, http, scheduleId).Pause())) : InvalidId();

    public static async Task<IResult> Resume(string id, HttpContext http, IClusterClient cluster) =>
        Guid.TryParse(id, out var scheduleId) ? TypedResults.Ok(ScheduleResponse.From(await Grain(cluster, http, scheduleId).Resume())) : InvalidId();

    public static async Task<IResult> Trigger(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var scheduleId)) return InvalidId();
        var run = await Grain(cluster, http, scheduleId).Trigger();
        return TypedResults.Ok(run);
    }

    public static async Task<IResult> Next(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var scheduleId)) return InvalidId();
        var count = 10;
        if (http.Request.Query.TryGetValue("count", out var c) && (!int.TryParse(c.ToString(), out count) || count is < 1 or > MaxNextCount))
        {
            return P.Validation("count", $"An integer from 1 to {MaxNextCount}.");
        }
        return TypedResults.Ok(new ItemsResponse<DateTimeOffset>(await Grain(cluster, http, scheduleId).Next(count)));
    }

    public static async Task<IResult> Runs(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var scheduleId)) return InvalidId();
        var tenantId = http.User.TenantId();
        var runs = await Grain(cluster, http, scheduleId).Runs();
        var jobs = await Task.WhenAll(runs.Select(r => r.JobId is { } jobId && !r.IsWorkflow
            ? cluster.GetGrain<IJobGrain>(JobIds.GrainKey(tenantId, jobId)).Get()
            : Task.FromResult<JobView?>(null)));
        var workflows = await Task.WhenAll(runs.Select(r => r.JobId is { } workflowId && r.IsWorkflow
            ? cluster.GetGrain<IWorkflowGrain>(JobIds.GrainKey(tenantId, workflowId)).Get()
            : Task.FromResult<WorkflowView?>(null)));
        return TypedResults.Ok(new ItemsResponse<ScheduleRunResponse>(runs.Select((r, i) => new ScheduleRunResponse(
            r.FireTime, r.Kind, r.IsWorkflow ? null : r.JobId, jobs[i]?.Status, r.IsWorkflow ? r.JobId : null, workflows[i]?.Status, r.Skipped, r.At)).ToList()));
    }

    private static IScheduleGrain Grain(IClusterClient cluster, HttpContext http, Guid id) =>
        cluster.GetGrain<IScheduleGrain>(JobIds.GrainKey(http.User.TenantId(), id));

    private static ValidationProblem InvalidId() => P.Validation("id", "Must be a schedule id (a UUID).");

    /// <summary>Reads and validates a definition, including the job template's handler rules; or the problem to answer.</summary>
    private static async Task<(ScheduleSpec? Spec, IResult? Problem)> ReadAsync(HttpContext http, ScheduleSpec? current, IClusterClient cluster,
        IOptions<JobOptions> options, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadDocumentAsync(http.Request);
        if (problem is not null) return (null, problem);
        using var _ = body;
        var read = ScheduleReader.Read(body!.RootElement, current, CorrelationId.Get(http), time.GetUtcNow());
        if (read.PayloadBytes > options.Value.MaxPayloadBytes)
        {
            return (null, P.PayloadTooLarge($"The job's payload is {read.PayloadBytes} bytes; the limit is {options.Value.MaxPayloadBytes} bytes."));
        }
        if (read.Spec is null) return (null, P.Validation(read.Errors));
        if (read.Spec.Workflow is { } name && await cluster.GetGrain<IWorkflowDefinitionsGrain>(http.User.TenantId()).Get(name) is null)
        {
            return (null, P.Validation("workflow", $"No workflow definition '{name}'; save it first with PUT /v1/workflow-definitions/{name}."));
        }
        if (read.Spec.Job is not { } job) return (read.Spec, null);
        var handlerErrors = await cluster.GetGrain<IJobCatalogGrain>(0).Validate([job]);
        if (handlerErrors.Count > 0)
        {
            return (null, P.Validation(handlerErrors[0].ToDictionary(e => $"job.{e.Key}", e => e.Value)));
        }
        return (read.Spec, null);
    }
}

/// <summary>The body of <c>POST /v1/schedules</c> (every field but <c>cron</c> and <c>job</c> optional; PATCH takes any subset).</summary>
public sealed record CreateScheduleRequest(string Cron, string? TimeZone, SubmitJobRequest? Job, string? Workflow, DateTimeOffset? StartAt, DateTimeOffset? EndAt,
    string? Description, string? Misfire, string? Overlap);

/// <summary>One fire of a schedule with the current status of the job or workflow it created.</summary>
public sealed record ScheduleRunResponse(DateTimeOffset FireTime, ScheduleRunKind Kind, Guid? JobId, JobStatus? JobStatus, Guid? WorkflowId,
    WorkflowStatus? WorkflowStatus, string? Skipped, DateTimeOffset At);
