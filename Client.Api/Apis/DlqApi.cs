using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary><c>/v1/dlq</c>: the dead-letter queue, i.e. jobs in status DeadLettered. Retry one with <c>POST /v1/jobs/{id}/retry</c>.</summary>
public static class DlqApi
{
    public static IEndpointRouteBuilder MapDlqApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/dlq").WithTags("Dead-letter queue")
            .MapGet("/", List).WithName("ListDeadLettered")
            .WithSummary("Dead-lettered jobs newest first, filtered by queue, type and creation time, cursor-paginated");
        return app;
    }

    public static async Task<Results<Ok<JobListResponse>, ValidationProblem>> List(HttpContext http, IClusterClient cluster)
    {
        if (http.Request.Query.ContainsKey("status")) return P.Validation("status", "The dead-letter queue holds only DeadLettered jobs; use /v1/jobs to filter by status.");
        var (query, errors) = JobListQueryReader.Read(http.Request.Query, JobIds.DefaultTenant, JobStatus.DeadLettered);
        if (query is null) return P.Validation(errors);
        var page = await cluster.GetGrain<IJobQueryGrain>(0).List(query);
        return TypedResults.Ok(new JobListResponse(page.Items, page.NextCursor is null ? null : JobListQueryReader.EncodeCursor(page.NextCursor)));
    }
}
