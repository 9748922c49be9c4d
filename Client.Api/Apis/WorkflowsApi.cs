using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Client.Api.Http;
using Orchestrator.Client.Api.Workflows;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Grains.Jobs;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/workflows</c>: DAGs of steps, each an ordinary job (tagged <c>workflow:{id}</c>) with its own retries,
/// timeout and DLQ, started when its trigger rule and condition allow.
/// </summary>
public static class WorkflowsApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var workflows = app.MapGroup("/v1/workflows").WithTags("Workflows");
        workflows.MapPost("/", Submit).WithName("SubmitWorkflow").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Run a workflow: up to 1,000 named steps with dependsOn, trigger rules, conditions and failure policies");
        workflows.MapGet("/", List).WithName("ListWorkflows").RequireAuthorization(Policies.JobsRead)
            .WithSummary("The tenant's workflows, newest first, optionally by status");
        workflows.MapGet("/{id}", Get).WithName("GetWorkflow").RequireAuthorization(Policies.JobsRead)
            .WithSummary("The graph with each step's state, job, runs and timing");
        workflows.MapPost("/{id}/cancel", Cancel).WithName("CancelWorkflow").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Cancel running steps and every step not started");
        workflows.MapPost("/{id}/rerun", Rerun).WithName("RerunWorkflow").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Run failed, cancelled and skipped steps and all after them again, keeping succeeded steps");
        return app;
    }

    public static async Task<IResult> Submit(HttpContext http, IClusterClient cluster, IOptions<JobOptions> options)
    {
        var (spec, problem) = await ReadSpecAsync(http, cluster, options);
        return problem ?? await StartAsync(http, cluster, spec!);
    }

    /// <summary>Starts <paramref name="spec"/> as a new workflow of the caller's tenant: 201 with the view.</summary>
    public static async Task<IResult> StartAsync(HttpContext http, IClusterClient cluster, WorkflowSpec spec)
    {
        var id = Guid.CreateVersion7();
        var view = await cluster.GetGrain<IWorkflowGrain>(JobIds.GrainKey(http.User.TenantId(), id)).Start(spec);
        return TypedResults.Created($"/v1/workflows/{id}", view);
    }

    /// <summary>Reads and validates a workflow body, including every step's handler rules; or the problem to answer.</summary>
    public static async Task<(WorkflowSpec? Spec, IResult? Problem)> ReadSpecAsync(HttpContext http, IClusterClient cluster, IOptions<JobOptions> options)
    {
        var (body, problem) = await JsonBody.ReadDocumentAsync(http.Request);
        if (problem is not null) return (null, problem);
        using var _ = body;
        var read = WorkflowReader.Read(body!.RootElement, CorrelationId.Get(http));
        if (read.MaxPayloadBytes > options.Value.MaxPayloadBytes)
        {
            return (null, P.PayloadTooLarge($"A step's payload is {read.MaxPayloadBytes} bytes; the limit is {options.Value.MaxPayloadBytes} bytes."));
        }
        if (read.Spec is null) return (null, P.Validation(read.Errors));
        var handlerErrors = await cluster.GetGrain<IJobCatalogGrain>(0).Validate(read.Spec.Steps.Select(s => s.Job).ToList());
        if (handlerErrors.Count > 0)
        {
            return (null, P.Validation(handlerErrors.SelectMany(e => e.Value.Select(f => (Key: $"steps[{e.Key}].job.{f.Key}", f.Value))).ToDictionary(e => e.Key, e => e.Value)));
        }
        return (read.Spec, null);
    }

    public static async Task<IResult> List(HttpContext http, IClusterClient cluster)
    {
        var q = http.Request.Query;
        WorkflowStatus? status = null;
        if (q.TryGetValue("status", out var s))
        {
            if (Enum.TryParse<WorkflowStatus>(s.ToString(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) status = parsed;
            else return P.Validation("status", $"One of: {string.Join(", ", Enum.GetNames<WorkflowStatus>())}.");
        }
        var limit = DefaultPageSize;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l.ToString(), out limit) || limit is < 1 or > MaxPageSize))
        {
            return P.Validation("limit", $"An integer from 1 to {MaxPageSize}.");
        }
        var tenantId = http.User.TenantId();
        var ids = await cluster.GetGrain<ITenantWorkflowsGrain>(tenantId).List(status, limit);
        var views = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IWorkflowGrain>(JobIds.GrainKey(tenantId, id)).Get()));
        return TypedResults.Ok(new ItemsResponse<WorkflowView>(views.OfType<WorkflowView>().ToList()));
    }

    public static async Task<IResult> Get(string id, HttpContext http, IClusterClient cluster)
    {
        if (!Guid.TryParse(id, out var workflowId)) return InvalidId();
        var view = await cluster.GetGrain<IWorkflowGrain>(JobIds.GrainKey(http.User.TenantId(), workflowId)).Get();
        return view is null ? P.NotFound($"No workflow {workflowId}.") : TypedResults.Ok(view);
    }

    public static async Task<IResult> Cancel(string id, HttpContext http, IClusterClient cluster) =>
        Guid.TryParse(id, out var workflowId)
            ? TypedResults.Ok(await cluster.GetGrain<IWorkflowGrain>(JobIds.GrainKey(http.User.TenantId(), workflowId)).Cancel())
            : InvalidId();

    public static async Task<IResult> Rerun(string id, HttpContext http, IClusterClient cluster) =>
        Guid.TryParse(id, out var workflowId)
            ? TypedResults.Ok(await cluster.GetGrain<IWorkflowGrain>(JobIds.GrainKey(http.User.TenantId(), workflowId)).Rerun())
            : InvalidId();

    private static ValidationProblem InvalidId() => P.Validation("id", "Must be a workflow id (a UUID).");
}
