using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Grains.Jobs;
using Orchestrator.Grains.Workflows;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/workflow-definitions</c>: workflows saved by name (the same body as <c>POST /v1/workflows</c>), started again
/// with <c>POST .../{name}/start</c> or fired by a schedule (<c>"workflow": "name"</c> instead of <c>"job"</c>).
/// </summary>
public static class WorkflowDefinitionsApi
{
    public static IEndpointRouteBuilder MapWorkflowDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var definitions = app.MapGroup("/v1/workflow-definitions").WithTags("Workflows");
        definitions.MapPut("/{name}", Save).WithName("SaveWorkflowDefinition").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Save (create or replace) a workflow definition under a name");
        definitions.MapGet("/", List).WithName("ListWorkflowDefinitions").RequireAuthorization(Policies.JobsRead).WithSummary("The definitions' names");
        definitions.MapGet("/{name}", Get).WithName("GetWorkflowDefinition").RequireAuthorization(Policies.JobsRead).WithSummary("A definition");
        definitions.MapDelete("/{name}", Delete).WithName("DeleteWorkflowDefinition").RequireAuthorization(Policies.JobsWrite).WithSummary("Delete a definition");
        definitions.MapPost("/{name}/start", Start).WithName("StartWorkflowDefinition").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Start a new workflow from a definition");
        return app;
    }

    public static async Task<IResult> Save(string name, HttpContext http, IClusterClient cluster, IOptions<JobOptions> options)
    {
        if (!StepReferences.IsValidName(name)) return InvalidName();
        var (spec, problem) = await WorkflowsApi.ReadSpecAsync(http, cluster, options);
        if (problem is not null) return problem;
        var created = await Definitions(http, cluster).Save(name, spec!);
        return created ? TypedResults.Created($"/v1/workflow-definitions/{name}", new { name }) : TypedResults.Ok(new { name });
    }

    public static async Task<IResult> List(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(new ItemsResponse<string>(await Definitions(http, cluster).List()));

    public static async Task<IResult> Get(string name, HttpContext http, IClusterClient cluster) =>
        await Definitions(http, cluster).Get(name) is { } spec ? TypedResults.Ok(spec) : P.NotFound($"No workflow definition '{name}'.");

    public static async Task<IResult> Delete(string name, HttpContext http, IClusterClient cluster) =>
        await Definitions(http, cluster).Delete(name) ? TypedResults.NoContent() : P.NotFound($"No workflow definition '{name}'.");

    public static async Task<IResult> Start(string name, HttpContext http, IClusterClient cluster)
    {
        if (await Definitions(http, cluster).Get(name) is not { } spec) return P.NotFound($"No workflow definition '{name}'.");
        return await WorkflowsApi.StartAsync(http, cluster, spec with { CorrelationId = CorrelationId.Get(http) });
    }

    private static IWorkflowDefinitionsGrain Definitions(HttpContext http, IClusterClient cluster) =>
        cluster.GetGrain<IWorkflowDefinitionsGrain>(http.User.TenantId());

    private static IResult InvalidName() => P.Validation("name", "1-64 characters of letters, digits, '-' and '_'.");
}
